/**
 * One HTTP server on one port: the JSON API under /api, the collaboration WebSocket on /collab,
 * and the built client everywhere else.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify from "fastify";
import { instanceApi } from "../shared/api/instance.ts";
import { changeCount } from "../shared/proposal/index.ts";
import { accountRoutes } from "./api/accountRoutes.ts";
import { adminRoutes } from "./api/adminRoutes.ts";
import { authRoutes } from "./api/authRoutes.ts";
import { commentRoutes } from "./api/commentRoutes.ts";
import { csrfPlugin, siteOf } from "./api/csrf.ts";
import { datasetRoutes } from "./api/datasetRoutes.ts";
import { registerErrorHandler, registerNotFoundHandler } from "./api/errors.ts";
import { memberRoutes } from "./api/memberRoutes.ts";
import { moderationRoutes } from "./api/moderationRoutes.ts";
import { notificationRoutes } from "./api/notificationRoutes.ts";
import { oauthRoutes } from "./api/oauthRoutes.ts";
import { principalPlugin } from "./api/principal.ts";
import { proposalRoutes } from "./api/proposalRoutes.ts";
import { type RegisteredRoute, recordRoutes } from "./api/registeredRoutes.ts";
import { repairRoutes } from "./api/repairRoutes.ts";
import { rowRoutes } from "./api/rowRoutes.ts";
import { serve } from "./api/serve.ts";
import { sessionCookieFor, sessionPlugin } from "./api/session.ts";
import { setupRoutes } from "./api/setupRoutes.ts";
import { tokenRoutes } from "./api/tokenRoutes.ts";
import { apiDocsRoute } from "./api/v1/apiDocsRoute.ts";
import { v1Routes } from "./api/v1/index.ts";
import { rowsPages } from "./api/v1/rowsPages.ts";
import { webhookRoutes } from "./api/webhookRoutes.ts";
import { workspaceRoutes } from "./api/workspaceRoutes.ts";
import { windowCounts } from "./apiReader/apiLimits.ts";
import { type ApiReader, startApiReader } from "./apiReader/apiReader.ts";
import { openReturnPath } from "./apiReader/returnPath.ts";
import type { AccountDeps } from "./auth/accounts.ts";
import { firstRunSetup } from "./auth/firstRunSetup.ts";
import { connectionPrincipalResolver } from "./auth/principalOfConnection.ts";
import { type Clock, systemClock } from "./clock.ts";
import { collabEvents } from "./collab/collabEvents.ts";
import { credentialsEndSockets } from "./collab/credentialsEndSockets.ts";
import { createCollabServer } from "./collab/hocuspocus.ts";
import { DEFAULT_SOCKET_BUDGET } from "./collab/socketBudget.ts";
import { attachCollabWebSocket } from "./collab/websocket.ts";
import type { Config } from "./config.ts";
import { createMailer } from "./email/mailer.ts";
import { startMailQueue } from "./email/mailQueue.ts";
import { queuedMailer } from "./email/queuedMailer.ts";
import { embedRoutes } from "./embed/embedRoutes.ts";
import { type ImportHold, importJobs } from "./import/importJobs.ts";
import { previewer } from "./import/previewer.ts";
import { loggerOptions } from "./logging.ts";
import { clientAddressOf, proxyTrust } from "./net/clientAddress.ts";
import { routeConnections } from "./net/connectionRouter.ts";
import { proposalRateLimit } from "./proposals/abuse.ts";
import { pendingContents } from "./proposals/contents.ts";
import { startDigests } from "./proposals/digest.ts";
import { proposalMails } from "./proposals/mails.ts";
import { snapshotBuilder } from "./readModel/builder.ts";
import { modelCache } from "./readModel/modelCache.ts";
import { createReadModel } from "./readModel/readModel.ts";
import { readModelExtension } from "./readModel/readModelExtension.ts";
import { readModelStorage } from "./readModel/readModelStorage.ts";
import { withReadCache } from "./storage/readCache.ts";
import { openSqliteStorage } from "./storage/sqlite.ts";
import { createWebhooks, type Webhooks } from "./webhooks/webhooks.ts";

/** The version of the public API's description (package.json's). */
const API_VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export type App = {
  url: string;
  /** Every route registered, with the description it was registered from (registeredRoutes.ts). */
  routes: readonly RegisteredRoute[];
  /** Resolves once the API reader process serves /api/v1 reads; null when API_READER_PROCESS=false. */
  apiReaderReady: (() => Promise<void>) | null;
  close: () => Promise<void>;
};

/**
 * `logStream`: where the JSON log lines go (standard output by default; tests read them). `clock`:
 * the time the daily digest waits on (tests move it by hand). `importHold`: tests only, holds
 * import jobs at chosen phases (server/test/importHolds.ts).
 */
export async function startApp(
  config: Config,
  {
    logStream,
    clock = systemClock,
    importHold,
  }: { logStream?: NodeJS.WritableStream; clock?: Clock; importHold?: ImportHold } = {},
): Promise<App> {
  mkdirSync(config.dataDir, { recursive: true });
  // Every write of the process goes through this one storage, so its read cache stays true.
  const store = withReadCache(
    openSqliteStorage(path.join(config.dataDir, "data-patch.sqlite"), { backgroundCheckpoints: true }),
  );

  const trust = proxyTrust(config.trustProxy);
  const app = Fastify({
    trustProxy: trust ?? false,
    logger: loggerOptions(config.logLevel, logStream),
    bodyLimit: 10 * 1024 * 1024,
  });
  const routes = recordRoutes(app);
  const cookie = sessionCookieFor(config.publicUrl ?? "http:");
  let webhooks: Webhooks | null = null;
  // Published snapshots, rebuilt after changes (never by a read): server/readModel.
  const readModel = createReadModel({
    datasets: store.datasets,
    documents: store.documents,
    snapshots: store.readModel,
    builder: snapshotBuilder({ workerBytes: config.snapshotWorkerBytes, stagingDir: store.readModel.stagingDir }),
    delayMs: config.snapshotDelayMs,
    log: app.log.child({ module: "read-model" }) as never,
    published: (id) => webhooks?.published(id),
  });
  const collab = createCollabServer({
    storage: store,
    principalOf: connectionPrincipalResolver(store, cookie.name),
    log: app.log.child({ module: "collab" }) as never,
    debounceMs: config.storeDebounceMs,
    maxDebounceMs: config.storeMaxDebounceMs,
    anonymousWriteBytesPerMinute: config.anonymousWriteBytesPerMinute,
    afterChange: [readModelExtension(readModel)],
  });

  const events = collabEvents(collab.hocuspocus);
  // Everything on the HTTP side uses this one: ending a session, a token or an account closes its sockets.
  // Creating, resetting or deleting a dataset also schedules its snapshot.
  const storage = readModelStorage(credentialsEndSockets(store, events), readModel);

  // Links in emails use PUBLIC_URL, never a request's Host header; without it, the address listened on.
  let baseUrl = config.publicUrl ?? "";
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outbox: storage.outbox,
    log: app.log as never,
  });
  const mailQueue = startMailQueue({
    store: storage.mailQueue,
    mailer,
    log: app.log as never,
    retryBaseMs: config.mailRetryBaseMs,
  });
  // Requests only queue their mail: a slow or dead SMTP server never slows or fails them.
  const requestMailer = queuedMailer(mailer, mailQueue);
  const models = modelCache(storage.readModel); // the read model in memory, for the rows API and embeds
  const pages = rowsPages({ snapshots: storage.readModel, models, workerBytes: config.snapshotWorkerBytes });
  webhooks = createWebhooks({
    storage,
    dataDir: config.dataDir,
    models,
    rebuilding: (id) => readModel.rebuilding(id),
    baseUrl: () => baseUrl,
    log: app.log.child({ module: "webhooks" }) as never,
    allowLocal: config.webhookAllowLocalAddresses,
    retryBaseMs: config.webhookRetryBaseMs,
    debounceMs: config.webhookDebounceMs,
    maxAttempts: config.webhookMaxAttempts,
    pauseAfterFailures: config.webhookPauseAfterFailures,
    mails: mailQueue,
  });
  const mails = proposalMails({ storage, queue: mailQueue, baseUrl: () => baseUrl, clock });
  const anonymousProposals = proposalRateLimit(); // one budget per address for change sets and /api/v1 (P20)
  // /api/v1 reads go to the API reader process once it is ready (server/apiReader), which then
  // keeps the API's rate-limit counts; until then, and without it, they are counted here.
  let reader: ApiReader | null = null;
  const countedHere = windowCounts();
  const accounts: AccountDeps = {
    storage,
    mailer: requestMailer,
    link: (page, token, extra = {}) => {
      const query = new URLSearchParams({ ...(token ? { token } : {}), ...extra }).toString();
      return `${baseUrl}${page}${query ? `?${query}` : ""}`;
    },
  };

  const setup = await firstRunSetup(storage);
  // Imports run in worker threads; those a previous run left unfinished are marked failed.
  const imports = importJobs({
    storage,
    hocuspocus: collab.hocuspocus,
    log: app.log.child({ module: "import" }),
    hold: importHold,
  });
  await imports.recover();
  const previews = previewer();

  registerErrorHandler(app);
  await app.register(csrfPlugin, { publicUrl: config.publicUrl });
  await app.register(sessionPlugin, { storage, cookie });
  await app.register(principalPlugin, { storage });
  serve(app, instanceApi.health, async () => ({ ok: true }) as const);
  await app.register(authRoutes({ deps: accounts, cookie, attemptsPerMinute: config.authAttemptsPerMinute }));
  await app.register(accountRoutes({ deps: accounts, cookie }));
  await app.register(adminRoutes(storage));
  await app.register(
    setupRoutes({
      storage,
      mailer,
      setup,
      cookie,
      attemptsPerMinute: config.authAttemptsPerMinute,
      syncWatchdogMs: config.syncWatchdogMs,
      mapTiles: config.mapTiles,
    }),
  );
  await app.register(oauthRoutes({ storage, cookie, settings: config.signIn, baseUrl: () => baseUrl }));
  await app.register(tokenRoutes(storage));
  await app.register(
    datasetRoutes(storage, collab.hocuspocus, events, {
      allowLocalAddresses: config.importAllowLocalAddresses,
      linksPerHour: config.importLinksPerHour,
      jobs: imports,
      previews,
    }),
  );
  await app.register(rowRoutes(storage, collab.hocuspocus));
  await app.register(repairRoutes(storage, collab.hocuspocus));
  await app.register(memberRoutes({ storage, mailer: requestMailer, events, link: accounts.link }));
  await app.register(workspaceRoutes(storage, events));
  await app.register(proposalRoutes(storage, collab.hocuspocus, { mails, allowAnonymous: anonymousProposals }));
  await app.register(moderationRoutes(storage, collab.hocuspocus, mails, webhooks));
  await app.register(notificationRoutes(storage, { digestHour: config.digestHour }));
  await app.register(commentRoutes(storage));
  await app.register(webhookRoutes(storage, webhooks));
  await app.register(
    v1Routes({
      storage,
      models,
      pages,
      baseUrl: () => baseUrl,
      live: { hocuspocus: collab.hocuspocus, proposals: { allowAnonymous: anonymousProposals, mails } },
      requestsPerMinute: config.apiRequestsPerMinute,
      limitCounts: (key, windowMs) => reader?.count(key, windowMs) ?? countedHere(key, windowMs),
      version: API_VERSION,
      instanceName: config.instanceName,
    }),
  );
  await app.register(apiDocsRoute);
  await app.register(
    embedRoutes({
      storage,
      models,
      tiles: config.mapTiles,
      refreshSeconds: config.embedRefreshSeconds,
      clientDir: config.clientDir,
    }),
  );
  const hasClient = existsSync(path.join(config.clientDir, "index.html"));
  if (hasClient) await app.register(fastifyStatic, { root: config.clientDir, wildcard: false });
  registerNotFoundHandler(app, hasClient);

  const socket = attachCollabWebSocket(app.server, collab.hocuspocus, {
    maxMessageBytes: config.maxMessageBytes,
    sessionCookieName: cookie.name,
    siteOf: siteOf(config.publicUrl),
    log: app.log.child({ module: "collab" }) as never,
    budget: { ...DEFAULT_SOCKET_BUDGET, maxUnreadBytes: config.maxUnreadBytes },
    clientAddress: (request) => clientAddressOf(request, trust),
  });
  const router = routeConnections(app.server, (connection, head) => reader?.handOff(connection, head) ?? false);
  app.addHook("preClose", (done) => {
    router.dropSilent();
    done();
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.publicUrl ?? `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  baseUrl = url.replace(/\/$/, "");
  const returnPath = config.apiReaderProcess ? await openReturnPath(router) : null;
  if (returnPath)
    reader = startApiReader({
      config,
      baseUrl,
      returnPath: returnPath.path,
      apiVersion: API_VERSION,
      storage,
      log: app.log.child({ module: "api-reader" }),
      countHere: countedHere,
      logStream,
    });
  setup.announce(app.log as never, baseUrl);
  // After the address is known (links in the digest); digests due while the server was down go now.
  const digests = await startDigests({
    storage,
    queue: mailQueue,
    // What storage remembers of the proposal (contents.ts), not its document.
    changesOf: async (proposal) => {
      const contents = await pendingContents(storage.proposals, collab.hocuspocus, proposal.datasetId, [proposal]);
      const content = contents.get(proposal.id);
      return content ? changeCount(content) : 0;
    },
    baseUrl: () => baseUrl,
    hour: config.digestHour,
    clock,
    log: app.log.child({ module: "digest" }) as never,
  });
  void readModel.catchUp(); // datasets whose snapshot is missing or behind (a crash, an upgrade)
  void webhooks.catchUp(); // changes not yet told to webhooks before the last stop

  let closing: Promise<void> | null = null;
  return {
    url,
    routes,
    apiReaderReady: reader ? reader.ready : null,
    close: () => {
      closing ??= (async () => {
        digests.stop();
        await reader?.stop();
        await returnPath?.close();
        await socket.close();
        await imports.close();
        await previews.close();
        await collab.shutdown();
        await readModel.close();
        await app.close();
        await pages.close();
        await webhooks?.close();
        await mailQueue.stop();
        mailer.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
