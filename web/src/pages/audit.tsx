/** The audit log of one utility: who did what, when. */
import { ErrorBox, Loading } from '../components/ui.js';
import { dateTime, shortId, titleCase } from '../format.js';
import { useLoad, useTitle } from '../hooks.js';
import { href } from '../router.js';
import { useSession } from '../session.js';

export function AuditPage({ code }: { code: string }): React.JSX.Element {
  const { api } = useSession();
  useTitle(`Audit log of ${code}`);
  const a = useLoad(() => api.audit(code), [api, code]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs"><ol><li><a href={href({ page: 'utility', code, tab: 'feeds' })}>{code}</a></li><li aria-current="page">Audit log</li></ol></nav>
      <h1>Audit log of {code}</h1>
      {a.error && <ErrorBox error={a.error} retry={a.reload} />}
      {a.loading && !a.data && <Loading what="the audit log" />}
      {a.data && (a.data.length === 0 ? <p>Nothing recorded yet.</p> : (
        <div className="table-wrap" tabIndex={0}>
          <table className="audit">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Subject</th><th scope="col">Comment and detail</th></tr></thead>
            <tbody>
              {a.data.map((e, i) => (
                <tr key={i}>
                  <td className="nowrap">{dateTime(e.at)}</td>
                  <td>{e.actor || '–'}</td>
                  <td>{titleCase(e.action)}</td>
                  <td>{e.delivery ? <a href={href({ page: 'delivery', id: e.delivery, tab: 'summary' })} title={e.delivery}>Delivery {shortId(e.delivery)}</a> : e.standard ?? '–'}</td>
                  <td>{e.comment && <p>“{e.comment}”</p>}{e.detail && <p className="muted detail">{e.detail}</p>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </>
  );
}
