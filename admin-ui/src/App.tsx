import { useQuery } from '@tanstack/react-query';
import { Link, Route, Routes } from 'react-router-dom';
import { fetchSession, sessionText } from './session';

export default function App() {
  return (
    <main className="page">
      <h1>NexaCRM</h1>
      <Routes>
        <Route path="/" element={<HomePage />} />
        {/* Catch-all: deep links the server forwards to index.html still render the SPA. */}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
      <nav aria-label="Developer links">
        <ul>
          <li>
            <a href="/swagger-ui/index.html">API documentation (Swagger UI)</a>
          </li>
          <li>
            <a href="/actuator/health">Health check</a>
          </li>
        </ul>
      </nav>
    </main>
  );
}

function HomePage() {
  return (
    <>
      <p>The NexaCRM web app is coming soon.</p>
      <SessionStatus />
    </>
  );
}

function NotFoundPage() {
  return (
    <>
      <p>This page does not exist yet.</p>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </>
  );
}

function SessionStatus() {
  const session = useQuery({ queryKey: ['session'], queryFn: () => fetchSession() });

  let text: string;
  if (session.isPending) {
    text = 'Checking session…';
  } else if (session.isError) {
    text = 'Could not check the session.';
  } else {
    text = sessionText(session.data);
  }

  return (
    <p className="session" role="status">
      {text}
    </p>
  );
}
