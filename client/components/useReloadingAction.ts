/**
 * The actions of a settings list (members, webhooks): a form action (session/ui.tsx) that reads the
 * list again once it is done, whether it worked or not.
 */
import { useFormAction } from "../session/ui.tsx";

export function useReloadingAction(reload: () => Promise<void>) {
  const form = useFormAction();
  async function act(work: () => Promise<unknown>, success: string) {
    await form.run(async () => {
      await work();
      return success;
    });
    await reload();
  }
  return { ...form, act };
}
