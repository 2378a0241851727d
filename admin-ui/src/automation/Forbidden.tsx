import { Link } from 'react-router-dom';
import { useSignedIn } from '../auth/session';
import { useTitle } from '../ui/common';

/** A screen the member's role does not open: says why and whom to ask, instead of a broken page. */
export function Forbidden({ title, need }: { title: string; need: string }) {
  const session = useSignedIn();
  useTitle(title);
  return (
    <section className="page" aria-labelledby="forbidden-title">
      <h1 id="forbidden-title">{title}</h1>
      <div className="notice" role="alert">
        <p>
          <strong>403 · Not allowed.</strong> Your role in {session.activeOrganization.name} (
          {session.activeOrganization.role.toLowerCase()}) does not include {need}.
        </p>
        <p>Ask an owner or an admin of the organisation to change your role if you need it.</p>
      </div>
      <p>
        <Link to="/board">Go to the board</Link>
      </p>
    </section>
  );
}
