import { createBrowserRouter } from 'react-router';
import type { LoginHandle } from './identity/SessionHeader';
import { catalogueLoader, eservicePageLoader, loginLoaOf, startLoader } from './portal/portalApi';
import { StartPage } from './portal/StartPage';
import { loadAllLanguages, loadStaffTexts } from './shared/i18n';
import { Layout, LoadingPage } from './shared/Layout';
import { NotFoundPage, RouteErrorPage } from './shared/RouteErrorPage';

/**
 * The static segments (admin, mina-sidor, handlaggning, api) rank above `:municipality`, so those slugs are
 * reserved. Each page but the start page loads on demand: the e-service page with the form library,
 * the login page with the QR code library (itself loaded only for the QR code), the staff frame,
 * the admin area and the form designer.
 * The staff pages (/admin/…) have a frame of their own: the staff login, not the citizen's, and
 * the screen's width; each one's loader starts with the staff guard (staff/access.ts).
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
          {
            path: 'mina-sidor',
            lazy: { Component: async () => (await import('./my-pages/MyPagesPage')).MyPagesPage },
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
          { path: 'api/*', Component: NotFoundPage },
          {
            path: ':municipality',
            loader: catalogueLoader,
            lazy: { Component: async () => (await import('./portal/CataloguePage')).CataloguePage },
          },
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
  {
    path: 'admin',
    // the staff pages' Swedish texts come with their frame, so the citizen's bundle carries none
    lazy: async () => {
      const [{ StaffLayout }] = await Promise.all([import('./staff/StaffLayout'), loadStaffTexts()]);
      return { Component: StaffLayout };
    },
    HydrateFallback: LoadingPage,
    children: [
      {
        lazy: { ErrorBoundary: async () => (await import('./staff/StaffErrorPage')).StaffErrorPage },
        children: [
          {
            index: true,
            lazy: async () => {
              const [{ AdminPage }, { adminLoader }] = await Promise.all([import('./admin/AdminPage'), import('./admin/adminApi')]);
              return { loader: adminLoader, Component: AdminPage };
            },
          },
          {
            path: 'logga-in',
            lazy: async () => {
              const { StaffLoginPage, staffLoginLoader } = await import('./staff/StaffLoginPage');
              return { loader: staffLoginLoader, Component: StaffLoginPage };
            },
          },
          {
            path: 'logga-in-igen',
            lazy: async () => {
              const { ReauthenticatePage, reauthenticateLoader } = await import('./staff/ReauthenticatePage');
              return { loader: reauthenticateLoader, Component: ReauthenticatePage };
            },
          },
          {
            path: 'mina-roller',
            lazy: async () => {
              const { MyRolesPage, myRolesLoader } = await import('./staff/MyRolesPage');
              return { loader: myRolesLoader, Component: MyRolesPage };
            },
          },
          {
            path: 'leveranser',
            lazy: async () => {
              const [{ DeliveriesPage }, { deliveriesLoader }] = await Promise.all([
                import('./admin/DeliveriesPage'),
                import('./admin/deliveriesApi'),
              ]);
              return { loader: deliveriesLoader, Component: DeliveriesPage };
            },
          },
          {
            path: 'statistik',
            lazy: async () => {
              const [{ StatisticsPage }, { statisticsLoader }] = await Promise.all([
                import('./admin/StatisticsPage'),
                import('./admin/statisticsApi'),
              ]);
              return { loader: statisticsLoader, Component: StatisticsPage };
            },
          },
          {
            path: 'identitetstjanster',
            lazy: async () => {
              const [{ IdentityProvidersPage }, { identityProvidersLoader }] = await Promise.all([
                import('./admin/identity-providers/IdentityProvidersPage'),
                import('./admin/identity-providers/identityProvidersApi'),
              ]);
              return { loader: identityProvidersLoader, Component: IdentityProvidersPage };
            },
          },
          {
            path: 'granskningslogg',
            lazy: async () => {
              const [{ AuditPage }, { auditLoader }] = await Promise.all([import('./admin/audit/AuditPage'), import('./admin/audit/auditApi')]);
              return { loader: auditLoader, Component: AuditPage };
            },
          },
          {
            path: ':municipality/personal',
            lazy: async () => {
              const [{ StaffPage }, { staffRegisterLoader }] = await Promise.all([import('./admin/staff/StaffPage'), import('./admin/staff/staffApi')]);
              return { loader: staffRegisterLoader, Component: StaffPage };
            },
          },
          {
            path: 'kostnadsfordelning',
            lazy: async () => {
              const [{ CostSharingPage }, { costSharingLoader }] = await Promise.all([import('./admin/cost-sharing/CostSharingPage'), import('./admin/cost-sharing/costSharingApi')]);
              return { loader: costSharingLoader, Component: CostSharingPage };
            },
          },
          {
            path: ':municipality/utseende',
            lazy: async () => {
              const [{ BrandingPage }, { brandingLoader }] = await Promise.all([import('./admin/branding/BrandingPage'), import('./admin/branding/brandingApi')]);
              return { loader: brandingLoader, Component: BrandingPage };
            },
          },
          {
            path: ':municipality/driftinformation',
            lazy: async () => {
              const [{ OperatingMessagesPage }, { operatingMessagesLoader }] = await Promise.all([
                import('./admin/operating-messages/OperatingMessagesPage'),
                import('./admin/operating-messages/operatingMessagesApi'),
              ]);
              return { loader: operatingMessagesLoader, Component: OperatingMessagesPage };
            },
          },
          {
            path: ':municipality/mallar',
            lazy: async () => {
              const [{ TemplateLibraryPage }, { templateLibraryLoader }] = await Promise.all([
                import('./admin/templates/TemplateLibraryPage'),
                import('./admin/templates/templateLibraryApi'),
              ]);
              return { loader: templateLibraryLoader, Component: TemplateLibraryPage };
            },
          },
          {
            path: 'designer/:municipality/:eserviceId',
            lazy: async () => {
              const [{ DesignerPage }, { designerLoader }] = await Promise.all([
                import('./designer/DesignerPage'),
                import('./designer/designerApi'),
                loadAllLanguages(), // the preview shows the form in either language
              ]);
              return { loader: designerLoader, Component: DesignerPage };
            },
          },
          {
            path: 'granskning/:municipality/:eserviceId/:reviewId',
            lazy: async () => {
              const [{ ReviewPage }, { reviewLoader }] = await Promise.all([import('./review/ReviewPage'), import('./review/reviewApi')]);
              return { loader: reviewLoader, Component: ReviewPage };
            },
          },
          {
            path: 'ny-e-tjanst/:municipality',
            lazy: async () => {
              const [{ NewEServicePage }, { newEServiceLoader }] = await Promise.all([
                import('./designer/NewEServicePage'),
                import('./designer/designerApi'),
                loadAllLanguages(),
              ]);
              return { loader: newEServiceLoader, Component: NewEServicePage };
            },
          },
          { path: '*', Component: NotFoundPage },
        ],
      },
    ],
  },
]);
