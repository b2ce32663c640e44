/**
 * A quiet confirmation ("Saved.", "PIN changed."). The live region is always there, so that the
 * text appearing in it is announced.
 */
export function StatusNote({ message }: { message: string | null }) {
  return (
    <p class="status-note" role="status">
      {message}
    </p>
  );
}
