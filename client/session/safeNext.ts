/** A same-site path to come back to after signing in (never another site: `//evil` or `https://…`). */
export function safeNext(next: string | null | undefined, fallback = "/"): string {
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : fallback;
}
