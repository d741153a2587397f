/** Accessible tabs: a row of buttons; the caller renders the active panel. */

/** One tab. */
export interface TabItem<K extends string> {
  key: K;
  label: string;
  count?: number;
}

/** Renders the tab buttons. */
export function Tabs<K extends string>({ items, active, onChange }: { items: TabItem<K>[]; active: K; onChange: (key: K) => void }) {
  return (
    <div className="tabs" role="tablist">
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          role="tab"
          aria-selected={item.key === active}
          className={item.key === active ? 'tab active' : 'tab'}
          onClick={() => onChange(item.key)}
        >
          {item.label}
          {item.count !== undefined && <span className="tab-count">{item.count}</span>}
        </button>
      ))}
    </div>
  );
}
