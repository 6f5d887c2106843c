import { createBrowserRouter } from 'react-router';
import { MyPagesPage } from './my-pages/MyPagesPage';
import { catalogueLoader, eservicePageLoader, startLoader } from './portal/portalApi';
import { CataloguePage } from './portal/CataloguePage';
import { StartPage } from './portal/StartPage';
import { Layout, LoadingPage } from './shared/Layout';
import { NotFoundPage, RouteErrorPage } from './shared/RouteErrorPage';

/**
 * The static segments (admin, mina-sidor, api) rank above `:municipality`, so those slugs are
 * reserved. The e-service page (with the form library) and the admin area load on demand.
 */
export const router = createBrowserRouter([
  {
    Component: Layout,
    HydrateFallback: LoadingPage,
    children: [
      {
        ErrorBoundary: RouteErrorPage,
        children: [
          { index: true, loader: startLoader, Component: StartPage },
          { path: 'mina-sidor', Component: MyPagesPage },
          {
            path: 'admin',
            lazy: async () => {
              const [{ AdminPage }, { adminLoader }] = await Promise.all([
                import('./admin/AdminPage'),
                import('./admin/adminApi'),
              ]);
              return { loader: adminLoader, Component: AdminPage };
            },
          },
          { path: 'api/*', Component: NotFoundPage },
          { path: ':municipality', loader: catalogueLoader, Component: CataloguePage },
          {
            path: ':municipality/e-tjanster/:eserviceId',
            loader: eservicePageLoader,
            lazy: { Component: async () => (await import('./portal/EServicePage')).EServicePage },
          },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
]);
