// The hub's refusal of a moderator's request (useRequest's error), shown as
// text next to what was clicked: each panel and item runs its own requests.
export function ActionError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return <p class="mod-error" role="alert" data-testid="action-error">{error}</p>;
}
