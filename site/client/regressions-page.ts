/**
 * Filters of the regressions page (regressions only, confirmed only, not
 * triaged): they hide rendered rows and groups, and live in the URL as
 * ?only=regression,confirmed.
 */
const FILTERS = ['regression', 'confirmed', 'untriaged'] as const;
type Filter = (typeof FILTERS)[number];

function matches(row: HTMLElement, active: ReadonlySet<Filter>): boolean {
  if (active.has('regression') && row.dataset['kind'] !== 'regression') return false;
  if (active.has('confirmed') && row.dataset['status'] !== 'confirmed') return false;
  if (active.has('untriaged') && row.dataset['triaged'] === 'yes') return false;
  return true;
}

function apply(active: ReadonlySet<Filter>): void {
  let shown = 0;
  for (const group of document.querySelectorAll<HTMLElement>('#change-groups > section')) {
    let visible = 0;
    for (const row of group.querySelectorAll<HTMLElement>('tr[data-kind]')) {
      const show = matches(row, active);
      row.hidden = !show;
      if (show) visible++;
    }
    group.hidden = visible === 0;
    shown += visible;
  }
  const none = document.getElementById('no-changes');
  if (none !== null) none.hidden = shown > 0;
}

export function startRegressionsPage(): void {
  const chips = [...document.querySelectorAll<HTMLButtonElement>('#change-filters [data-filter]')];
  if (chips.length === 0) return;
  const params = new URLSearchParams(location.search);
  const active = new Set((params.get('only') ?? '').split(',').filter((f): f is Filter => (FILTERS as readonly string[]).includes(f)));
  const sync = () => {
    for (const chip of chips) chip.setAttribute('aria-pressed', String(active.has(chip.dataset['filter'] as Filter)));
    const next = new URLSearchParams(location.search);
    if (active.size === 0) next.delete('only');
    else next.set('only', [...active].join(','));
    const query = next.toString();
    history.replaceState(null, '', `${location.pathname}${query === '' ? '' : `?${query}`}`);
    apply(active);
  };
  for (const chip of chips) {
    chip.addEventListener('click', () => {
      const filter = chip.dataset['filter'] as Filter;
      if (active.has(filter)) active.delete(filter);
      else active.add(filter);
      sync();
    });
  }
  sync();
}
