/** A modal dialog using the native <dialog> element (focus trap and Escape for free). */
import { useEffect, useRef, type ReactNode } from 'react';

/** Shows `children` in a modal while `open`; `onClose` runs on Escape or backdrop click. */
export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-label={title}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="dialog-body">
        <h3>{title}</h3>
        {open && children}
      </div>
    </dialog>
  );
}
