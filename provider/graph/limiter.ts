/**
 * At most `capacity` Graph requests in flight in this process. The provider host serves every DriveItemShare of a
 * stack from one process, so this is what keeps a stack with hundreds of shares from throttling itself.
 */
export class Limiter {
    capacity = 16;
    private active = 0;
    private readonly waiting: (() => void)[] = [];

    async run<T>(task: () => Promise<T>): Promise<T> {
        if (this.active >= this.capacity) await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.active++;
        try {
            return await task();
        } finally {
            this.active--;
            this.waiting.shift()?.();
        }
    }
}
