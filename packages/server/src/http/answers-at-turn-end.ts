import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type OnSendDone = (error: Error | null, payload?: unknown) => void;

/** Set while the reply's answer waits for the end of the turn. */
const HELD = Symbol('unfurlkit: answer held until the turn ends');
type MarkedReply = FastifyReply & { [HELD]: boolean };

/**
 * Every answer is written at the end of the event-loop turn that produced it, together with the turn's other
 * answers, instead of the moment its handler finishes.
 *
 * Why: writing an answer to a peer that sleeps waiting for it (a load balancer or TLS proxy on the same host, a
 * client on the other core) wakes that peer, and on a virtual machine the wake-up is paid inside our `writev`:
 * with the writes spread between the turn's handlers, the peer is asleep again at every one of them. Written
 * back to back, only the first wakes it. Measured (BENCHMARKS.md, ninth round): the Unfurl Callback's `writev`
 * was a third of the server's CPU under load, about 21 µs per answer against 5 µs on the bare Fastify route,
 * and writing at the turn's end took the CPU per answer from 79 to 45 µs.
 *
 * What it costs: an answer waits for the rest of its turn (the other requests read in the same poll), never
 * longer; `setImmediate` runs right after the poll phase, and with an immediate pending the loop does not block.
 * At rest a turn holds one request, and its answer goes out as soon as the turn's callbacks are done.
 *
 * While held, the answer is not yet `reply.sent`: a handler that sends and then returns nothing (no `return
 * reply`) makes Fastify send again. Only the first answer of a reply is written, as without the hold; a later one
 * is dropped with a debug line.
 */
export function writeAnswersAtTurnEnd(app: FastifyInstance): void {
  // Parallel arrays, not a closure per answer: this runs for every answer.
  let replies: FastifyReply[] = [];
  let doneCallbacks: OnSendDone[] = [];
  let payloads: unknown[] = [];
  // Held replies are marked on the reply itself: a decorated field, which Fastify sets on every reply it builds
  // (one shape), so the mark is a store. Measured against it (alternating fresh servers): a WeakSet of held
  // replies cost 1–2 µs more per unfurl, a Set about 20 µs more (twice the GC, and more of `writev`).
  app.decorateReply(HELD, false);

  const release = () => {
    const turnReplies = replies;
    const turnCallbacks = doneCallbacks;
    const turnPayloads = payloads;
    replies = [];
    doneCallbacks = [];
    payloads = [];
    for (let index = 0; index < turnCallbacks.length; index++) {
      const reply = turnReplies[index] as MarkedReply;
      reply[HELD] = false;
      writeOne(reply, turnCallbacks[index] as OnSendDone, turnPayloads[index]);
    }
  };

  // Named: `printRoutes({ includeHooks: true })` lists it on every route.
  function holdUntilTurnEnd(
    _request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    done: OnSendDone,
  ) {
    if ((reply as MarkedReply)[HELD]) {
      reply.log.debug('a second answer to one request, dropped: the first is written at the end of the turn');
      return;
    }
    if (replies.length === 0) setImmediate(release);
    (reply as MarkedReply)[HELD] = true;
    replies.push(reply);
    doneCallbacks.push(done);
    payloads.push(payload);
  }
  app.addHook('onSend', holdUntilTurnEnd);
}

/**
 * Goes on with Fastify's send. What it throws (a write Node refuses) is handed back to Fastify as the answer's
 * error, as an async hook's would be, instead of escaping from `setImmediate` and ending the process.
 */
function writeOne(reply: FastifyReply, done: OnSendDone, payload: unknown): void {
  try {
    done(null, payload);
  } catch (error) {
    try {
      done(error instanceof Error ? error : new Error(String(error)));
    } catch (again) {
      reply.log.error({ err: again }, 'answer could not be written');
    }
  }
}
