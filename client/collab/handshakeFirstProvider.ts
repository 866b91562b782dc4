/**
 * `HocuspocusProvider` (4.8) with one change: local updates never travel ahead of the sync
 * handshake. Upstream, an update made while the socket is down is queued by the websocket and
 * replayed on the next socket as soon as its first message arrives, before the client's
 * SyncStep2; one made while the new socket is opening is sent at once. If an earlier update died
 * with the old socket, both skip a clock, and our server refuses an update that would stay pending
 * (rule R2) with 4400. See docs/ARCHITECTURE.md, "Reconnection and recovery", and upstream
 * ueberdosis/hocuspocus#825 and #183 (the same family: acknowledgements and syncing after a
 * reconnect with offline edits). Remove when the provider stops replaying its queue ahead of the
 * handshake.
 *
 * Here, from a close until the server's SyncStep2 has arrived, local updates are held, not sent:
 * the client's SyncStep2 (computed from the document when the server's SyncStep1 arrives) carries
 * every one of them, and whatever was held after it is sent right after the handshake. Nothing is
 * queued while offline, so nothing is replayed out of order, and the unacknowledged counter is
 * exact: one for the SyncStep2, one per update sent after it.
 */
import { HocuspocusProvider } from "@hocuspocus/provider";
import * as decoding from "lib0/decoding";

const MESSAGE_SYNC = 0;
const SYNC_STEP_1 = 0;

export class HandshakeFirstProvider extends HocuspocusProvider {
  private handshaken = false;
  /** A handshake is under way on the current socket (startSync ran, the server's SyncStep2 not yet in). */
  private syncing = false;
  private held: Uint8Array[] = [];
  /** Called with the server's state vector each time the server opens a handshake (its SyncStep1). */
  onServerStateVector: (stateVector: Uint8Array) => void = () => {};

  constructor(configuration: ConstructorParameters<typeof HocuspocusProvider>[0]) {
    super(configuration);
    this.on("synced", () => this.releaseHeld());
    this.on("status", ({ status }: { status: string }) => {
      // Also when the websocket closes without a close event (its forced 4408 path).
      if (status !== "connected") this.handshaken = this.syncing = false;
    });
  }

  /** True between the end of a handshake and the next close: local updates are sent as they happen. */
  get isHandshaken(): boolean {
    return this.handshaken;
  }

  override documentUpdateHandler(update: Uint8Array, origin: unknown): void {
    if (origin === this) return;
    if (this.handshaken) {
      super.documentUpdateHandler(update, origin);
      return;
    }
    this.held.push(update);
    // Offline, the counter says how many changes wait (startSync sets it to 1 again); during a
    // handshake it already counts the SyncStep2, and what is released after it counts then.
    if (!this.syncing) this.incrementUnsyncedChanges();
  }

  override startSync(): void {
    // The SyncStep2 of this handshake is computed from the document later: it carries what was held.
    this.handshaken = false;
    this.syncing = true;
    this.held = [];
    // So that this handshake's SyncStep2 emits "synced" even if no close reached the provider.
    this.isSynced = false;
    super.startSync();
  }

  override onClose(): void {
    this.handshaken = this.syncing = false;
    super.onClose();
  }

  override onMessage(event: MessageEvent): void {
    const stateVector = serverStateVectorOf(new Uint8Array(event.data as ArrayBuffer));
    if (stateVector) this.onServerStateVector(stateVector);
    super.onMessage(event);
  }

  private releaseHeld(): void {
    if (this.handshaken) return;
    this.handshaken = true;
    this.syncing = false;
    const held = this.held;
    this.held = [];
    // Made while the handshake ran: the client's SyncStep2 may not have them. Sent one by one, in
    // order, as the provider would have (those the SyncStep2 had are no-ops on the server).
    for (const update of held) super.documentUpdateHandler(update, null);
  }
}

/** The state vector in a server's SyncStep1 message, or null for any other message. */
function serverStateVectorOf(data: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder); // document name
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return null;
    if (decoding.readVarUint(decoder) !== SYNC_STEP_1) return null;
    return decoding.readVarUint8Array(decoder);
  } catch {
    return null;
  }
}
