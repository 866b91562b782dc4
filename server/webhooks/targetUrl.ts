/**
 * Checks a webhook's address when it is added, so the owner hears at once what would be refused
 * at each delivery (where the same guard runs again, at connect time): https only, no user name or
 * password in it, and a name resolving only to public addresses (server/net/addressPolicy.ts).
 */
import { HttpError } from "../api/errors.ts";
import { checkUrl, type Resolve, refusedAmong, systemResolve } from "../net/guardedLookup.ts";

export async function checkWebhookUrl(
  text: string,
  { allowLocal, resolve = systemResolve }: { allowLocal: boolean; resolve?: Resolve },
): Promise<URL> {
  const refuse = (why: string) =>
    new HttpError(400, "webhook-url-refused", `This address cannot receive webhooks: ${why}.`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse("it is not a web address");
  }
  const why = checkUrl(url, { allowLocal });
  if (why) throw refuse(why);
  if (url.username || url.password) throw refuse("it holds a user name or password");
  url.hash = "";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string }[];
  try {
    addresses = await resolve(host);
  } catch {
    throw refuse(`the name ${host} does not resolve`);
  }
  const refused = refusedAmong(addresses, allowLocal);
  if (refused) throw refuse(`${host} is ${refused}`);
  return url;
}
