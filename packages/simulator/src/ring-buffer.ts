/** The last `capacity` items: a 100k-request sweep keeps memory flat. */
export class RingBuffer<T> {
	private items: T[] = [];
	private start = 0;
	total = 0;

	constructor(readonly capacity: number) {}

	push(item: T): void {
		this.total++;
		if (this.capacity <= 0) return;
		if (this.items.length < this.capacity) this.items.push(item);
		else {
			this.items[this.start] = item;
			this.start = (this.start + 1) % this.capacity;
		}
	}

	/** Oldest first. */
	toArray(): T[] {
		return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
	}

	clear(): void {
		this.items = [];
		this.start = 0;
		this.total = 0;
	}
}
