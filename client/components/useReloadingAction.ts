/**
 * The actions of a settings list (members, webhooks): each clears the last message, runs, says
 * what it did or what went wrong, then reads the list again whatever happened.
 */
import { useState } from "react";
import { useErrorText } from "../session/ui.tsx";

export function useReloadingAction(reload: () => Promise<void>) {
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function act(work: () => Promise<unknown>, success: string) {
    setError(null);
    setStatus(null);
    try {
      await work();
      setStatus(success);
    } catch (e) {
      setError(errorText(e));
    }
    await reload();
  }

  return { error, setError, status, setStatus, act, errorText };
}
