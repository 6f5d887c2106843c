import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

const AnnounceContext = createContext<(message: string) => void>(() => undefined);

/**
 * One polite live region for the designer: what an add, move or delete did ("Fält X flyttat till
 * position 3 av 7"), since the change itself happens out of sight of a screen reader's cursor.
 */
export function Announcer({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState({ text: '', count: 0 });
  // the count makes a repeated message a new node, so it is read again
  const announce = useCallback((text: string) => setMessage((m) => ({ text, count: m.count + 1 })), []);
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="designer-announcement">
        <span key={message.count}>{message.text}</span>
      </div>
    </AnnounceContext.Provider>
  );
}

export const useAnnounce = () => useContext(AnnounceContext);
