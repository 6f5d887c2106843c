import { createBrowserRouter } from 'react-router';
import { MyPagesPage } from './my-pages/MyPagesPage';
import type { LoginHandle } from './identity/SessionHeader';
import { catalogueLoader, eservicePageLoader, loginLoaOf, startLoader } from './portal/portalApi';
import { CataloguePage } from './portal/CataloguePage';
import { StartPage } from './portal/StartPage';
import { Layout, LoadingPage } from './shared/Layout';
import { NotFoundPage, RouteErrorPage } from './shared/RouteErrorPage';

/**
 * The static segments (admin, mina-sidor, handlaggning, api) rank above `:municipality`, so those slugs are
 * reserved. The e-service page (with the form library), the login page (with the QR code
 * library, itself loaded only for the QR code), the admin area and the form designer load on demand.
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
          {
            path: 'handlaggning',
            lazy: { Component: async () => (await import('./inbox/InboxPage')).InboxPage },
          },
          {
            path: 'handlaggning/:municipality/:department/:receiptNumber',
            lazy: { Component: async () => (await import('./inbox/CasePage')).CasePage },
          },
          {
            path: 'admin/leveranser',
            lazy: async () => {
              const [{ DeliveriesPage }, { deliveriesLoader }] = await Promise.all([
                import('./admin/DeliveriesPage'),
                import('./admin/deliveriesApi'),
              ]);
              return { loader: deliveriesLoader, Component: DeliveriesPage };
            },
          },
          {
            path: 'admin/statistik',
            lazy: async () => {
              const [{ StatisticsPage }, { statisticsLoader }] = await Promise.all([
                import('./admin/StatisticsPage'),
                import('./admin/statisticsApi'),
              ]);
              return { loader: statisticsLoader, Component: StatisticsPage };
            },
          },
          {
            path: 'skall-krav',
            lazy: async () => {
              const [{ RulesPage }, { rulesLoader }] = await Promise.all([import('./requirements/RulesPage'), import('./requirements/requirementsApi')]);
              return { loader: rulesLoader, Component: RulesPage };
            },
          },
          {
            path: 'skall-krav/forhandsvisning/:token',
            lazy: async () => {
              const [{ PreviewPage }, { previewLoader }] = await Promise.all([import('./requirements/PreviewPage'), import('./requirements/requirementsApi')]);
              return { loader: previewLoader, Component: PreviewPage };
            },
          },
          {
            path: 'admin/designer/:municipality/:eserviceId',
            lazy: async () => {
              const [{ DesignerPage }, { designerLoader }] = await Promise.all([
                import('./designer/DesignerPage'),
                import('./designer/designerApi'),
              ]);
              return { loader: designerLoader, Component: DesignerPage };
            },
          },
          {
            path: 'admin/ny-e-tjanst/:municipality',
            lazy: async () => {
              const [{ NewEServicePage }, { newEServiceLoader }] = await Promise.all([
                import('./designer/NewEServicePage'),
                import('./designer/designerApi'),
              ]);
              return { loader: newEServiceLoader, Component: NewEServicePage };
            },
          },
          { path: 'api/*', Component: NotFoundPage },
          { path: ':municipality', loader: catalogueLoader, Component: CataloguePage },
          {
            path: ':municipality/logga-in',
            lazy: async () => {
              const { LoginPage, loginLoader } = await import('./identity/LoginPage');
              return { loader: loginLoader, Component: LoginPage };
            },
          },
          {
            path: ':municipality/e-tjanster/:eserviceId',
            loader: eservicePageLoader,
            handle: { loginLoa: loginLoaOf } satisfies LoginHandle,
            lazy: { Component: async () => (await import('./portal/EServicePage')).EServicePage },
          },
          {
            path: ':municipality/e-tjanster/:eserviceId/tillganglighet',
            lazy: async () => {
              const [{ StatementPage }, { statementLoader }] = await Promise.all([import('./requirements/StatementPage'), import('./requirements/requirementsApi')]);
              return { loader: statementLoader, Component: StatementPage };
            },
          },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
]);
