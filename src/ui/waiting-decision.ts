// The one decision a person is asked for at a time: a call's card, or a server's sampling
// request shown as one. The engine (or the server) waits here until a key answers or the
// session is left.
import type { UserDecision } from '../agent/engine.js';

export class WaitingDecision {
  private answer?: (d: UserDecision) => void;
  private unanswered?: (err: Error) => void;

  /** A call's decision; leaving the session rejects it, so the call stays undecided and resume asks again. */
  forCall(): Promise<UserDecision> {
    return new Promise((resolve, reject) => {
      this.answer = resolve;
      this.unanswered = reject;
    });
  }

  /** A sampling request's decision; leaving the session refuses the request. */
  forSampling(): Promise<{ approve: true } | { approve: false; reason?: string }> {
    return new Promise((resolve) => {
      this.answer = (d) => resolve(d.decision === 'reject' ? { approve: false, reason: d.reason } : { approve: true });
      this.unanswered = () => resolve({ approve: false, reason: 'the session was left' });
    });
  }

  /** Whoever waits, taken off the wait: call it with the decision (nobody, when no card waits). */
  take(): ((d: UserDecision) => void) | undefined {
    const answer = this.answer;
    this.answer = this.unanswered = undefined;
    return answer;
  }

  leave(): void {
    this.unanswered?.(new Error('quit while a call was waiting for a decision'));
    this.answer = this.unanswered = undefined;
  }
}
