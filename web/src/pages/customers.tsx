/** Find an account of a utility by name, account, customer or service point id. */
import { useState, type FormEvent } from 'react';
import { ErrorBox, Loading } from '../components/ui.js';
import { day } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href, navigate } from '../router.js';
import { useSession } from '../session.js';

export function CustomersPage({ code, q }: { code: string; q: string }): React.JSX.Element {
  const { api } = useSession();
  useTitle(`Customers of ${code}`);
  const [text, setText] = useState(q);
  const hits = useLoad(() => (q ? api.customers(code, q) : Promise.resolve(undefined)), [api, code, q]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    navigate({ page: 'customers', code, q: text.trim() });
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs"><ol><li><a href={href({ page: 'utility', code, tab: 'feeds' })}>{code}</a></li><li aria-current="page">Customers</li></ol></nav>
      <h1>Customers of {code}</h1>
      <p className="lede">The data as loaded: what customers will be shown in reports and on the web.</p>
      <form role="search" onSubmit={submit} className="search">
        <label htmlFor="customer-q">Account id, customer id or name</label>
        <input id="customer-q" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      {hits.error && <ErrorBox error={hits.error} retry={hits.reload} />}
      {q && hits.loading && <Loading what="accounts" />}
      {hits.data && (hits.data.length === 0 ? <p role="status">No account matches “{q}”.</p> : (
        <>
          <p role="status" className="muted">{hits.data.length} {hits.data.length === 1 ? 'account' : 'accounts'} found.</p>
          <div className="table-wrap" tabIndex={0}>
            <table>
              <thead><tr><th scope="col">Account</th><th scope="col">Customer</th><th scope="col">Name</th><th scope="col">City</th><th scope="col">Active</th></tr></thead>
              <tbody>
                {hits.data.map((h) => (
                  <tr key={h.accountId}>
                    <th scope="row"><a href={href({ page: 'account', code, account: h.accountId })}>{h.accountId}</a></th>
                    <td>{h.customerId ?? '–'}</td>
                    <td>{h.name ?? '–'}</td>
                    <td>{h.city ?? '–'}</td>
                    <td>{h.activeDate ? `${day(h.activeDate)} – ${h.inactiveDate ? day(h.inactiveDate) : 'today'}` : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ))}
    </>
  );
}
