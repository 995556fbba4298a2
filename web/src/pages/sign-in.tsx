/** Sign-in with an API token (`intake token create`). */
import { useState, type FormEvent } from 'react';

export function SignIn({ problem, onToken }: { problem: string | undefined; onToken: (t: string) => void }): React.JSX.Element {
  const [value, setValue] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Intake</h1>
      <p>Paste the token you were given. The delivery team creates tokens with <code>intake token create</code>.</p>
      <form onSubmit={submit} aria-describedby={problem ? 'sign-in-problem' : undefined}>
        <label htmlFor="token">Token</label>
        <input id="token" name="token" type="password" autoComplete="current-password" required value={value}
          onChange={(e) => setValue(e.target.value)} aria-invalid={problem ? true : undefined} />
        {problem && <p id="sign-in-problem" className="error" role="alert">{problem}</p>}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
