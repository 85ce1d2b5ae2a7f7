import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PaymentsSettings } from './PaymentsSettings.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Settings</h1>
    <PaymentsSettings />
  </StrictMode>,
);
