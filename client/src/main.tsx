import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './router';
import { currentLanguage, loadLanguage } from './shared/i18n';
import './shared/theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// the remembered language's texts first (English is loaded on demand); Swedish if they cannot be had
void loadLanguage(currentLanguage())
  .catch(() => undefined)
  .finally(() =>
    createRoot(root).render(
      <StrictMode>
        <RouterProvider router={router} />
      </StrictMode>,
    ),
  );
