/** Browser entry point. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/components.css';
import './styles/account.css';
import './styles/pages.css';
import './styles/letter.css';
import './styles/editor.css';
import './styles/workspace.css';
import './styles/dashboard.css';
import './styles/comments.css';
import './styles/versions.css';
import './styles/participant.css';
import './styles/workshops.css';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html must contain #root');

createRoot(rootElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
