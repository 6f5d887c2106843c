import { useTranslation } from 'react-i18next';
import { AlertDialog } from '../shared/AlertDialog';
import { formatDateTime } from '../shared/formatDate';
import { useLanguage } from '../shared/i18n';
import type { WorkingCopyOffer } from './useWorkingCopy';

interface WorkingCopyDialogProps {
  offer: WorkingCopyOffer;
  onRestore: () => void;
  onDiscard: () => void;
}

/**
 * "Du har osparade ändringar från …": a modal alertdialog when the designer opens with a working
 * copy the server lacks, so it is decided before anything is edited over it. Focus starts on
 * "Återställ"; Escape restores too (undoable, while discarding is not: nothing is lost by it).
 */
export function WorkingCopyDialog({ offer, onRestore, onDiscard }: WorkingCopyDialogProps) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <AlertDialog
      open
      // both choices move focus to the designer's heading, which must no longer be inert by then
      closeBeforeAction
      className="working-copy-dialog"
      testId="working-copy"
      title={t('designer.workingCopy.title')}
      description={
        <>
          <p>{t('designer.workingCopy.found', { time: formatDateTime(offer.copy.savedAt, language) })}</p>
          {offer.movedOn && <p data-testid="working-copy-moved-on">{t('designer.workingCopy.movedOn')}</p>}
        </>
      }
      onEscape={onRestore}
      primary={{ label: t('designer.workingCopy.restore'), onClick: onRestore, testId: 'working-copy-restore' }}
      secondary={{ label: t('designer.workingCopy.discard'), onClick: onDiscard, testId: 'working-copy-discard' }}
    />
  );
}
