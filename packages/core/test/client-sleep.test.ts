import { getEventListeners } from 'node:events';
import { CubeClient } from '../src/client/cube-client';
import type { Sleep } from '../src/client/timer-sleep';
import type { Transport } from '../src/transport/transport';

/** The client waits only through its `sleep` (n8n gives n8n-workflow's), never on close()'s signal directly. */

const ICCID = '89852022018041800192';
const envelope = (status: number, data: unknown = {}) => ({ status, headers: {}, body: { code: '0000', success: true, message: 'ok', data } });

test('retry backoff and rate-limit waits go through the injected sleep', async () => {
	const waits: Array<{ ms: number; signal?: AbortSignal }> = [];
	const sleep: Sleep = async (ms, signal) => void waits.push({ ms, signal });
	let calls = 0;
	const transport: Transport = async () => (++calls < 3 ? envelope(503) : envelope(200, { ok: 1 }));
	const client = new CubeClient({ baseUrl: 'http://127.0.0.1:1', transport, sleep, retry: { baseDelayMs: 100, maxDelayMs: 1000 } });
	await expect(client.call('sim.get', { device_id: ICCID })).resolves.toEqual({ ok: 1 });
	expect(calls).toBe(3);
	expect(waits.map((w) => w.ms)).toEqual([expect.any(Number), expect.any(Number)]);
	expect(waits[0].ms).toBeGreaterThanOrEqual(50);
	expect(waits.every((w) => w.signal instanceof AbortSignal)).toBe(true);
	client.close();
});

test('close() ends a wait in progress: the injected sleep sees the abort', async () => {
	let aborted = false;
	const sleep: Sleep = (_ms, signal) =>
		new Promise((_resolve, reject) => signal!.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))), { once: true }));
	const transport: Transport = async () => envelope(503);
	const client = new CubeClient({ baseUrl: 'http://127.0.0.1:1', transport, sleep });
	const call = client.call('sim.get', { device_id: ICCID });
	await new Promise((r) => setImmediate(r));
	client.close();
	await expect(call).rejects.toMatchObject({ kind: 'connection' });
	expect(aborted).toBe(true);
});

test('a wide sweep waiting on retries does not pile its listeners onto close()\'s signal (Node warns past 10)', async () => {
	const seen = new Map<string, number>();
	let firstAttempts = 0;
	const transport: Transport = async (req) => {
		const id = String(req.body!.device_id);
		seen.set(id, (seen.get(id) ?? 0) + 1);
		if (seen.get(id) === 1) firstAttempts++;
		return seen.get(id)! < 2 ? envelope(503) : envelope(200, { flowSize: 1, usedFlow: 0 });
	};
	const client = new CubeClient({ baseUrl: 'http://127.0.0.1:1', transport, retry: { baseDelayMs: 200, maxDelayMs: 200 } });
	const closing = (client as unknown as { closing: AbortController }).closing.signal;
	const iccids = Array.from({ length: 32 }, (_, i) => `898520220180418${String(i).padStart(5, '0')}`);
	const sweep = client.getUsageMany(iccids, { concurrency: 32 });
	while (firstAttempts < 32) await new Promise((r) => setImmediate(r));
	await new Promise((r) => setImmediate(r));
	// All 32 SIMs are waiting for their retry now.
	expect(getEventListeners(closing, 'abort').length).toBeLessThanOrEqual(1);
	expect((await sweep).filter((r) => r.ok)).toHaveLength(32);
	client.close();
});
