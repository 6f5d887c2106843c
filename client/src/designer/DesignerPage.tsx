import { useLoaderData, useRevalidator } from 'react-router';
import { Announcer } from './Announcer';
import { Designer } from './Designer';
import type { designerLoader } from './designerApi';

/** /admin/designer/:municipality/:eserviceId — the designer on a stored draft. */
export function DesignerPage() {
  const { municipality, draft } = useLoaderData<typeof designerLoader>();
  const revalidator = useRevalidator();
  return (
    <Announcer>
      {/* a reload after a concurrent save starts over from the server's revision */}
      <Designer key={draft.revision} municipality={municipality} initial={draft} onReload={() => void revalidator.revalidate()} />
    </Announcer>
  );
}
