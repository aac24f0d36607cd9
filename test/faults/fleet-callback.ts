import { notificationDigest } from '@linksfield-cube/core';
import fs from 'node:fs';

/**
 * A signed usage warning for a whole fleet (the vendor pushes all affected SIMs in one callback, spec §7.2), and
 * the peak-memory reading of a runtime process around its delivery.
 */

/** `count` distinct ICCIDs with an expiry each: 10,000 of them make an ~870 KB body, under the 1 MiB cap. */
export function fleetWarning(count: number, secret: string): { body: string; headers: Record<string, string>; iccids: string[] } {
	const iccids = Array.from({ length: count }, (_, i) => `898520220180${String(i).padStart(8, '0')}`);
	const payload = { devices: iccids.map((deviceId) => ({ deviceId, warningCode: '2', expireTime: '2026-12-31 23:59:59' })) };
	return {
		body: JSON.stringify(payload),
		headers: { 'content-type': 'application/json', 'x-lf-md5': notificationDigest(payload, secret) },
		iccids,
	};
}

/**
 * The most a runtime may grow (peak resident memory) while taking one 10,000-SIM warning. Each event is a few
 * hundred bytes, so the runtime's own per-message/per-item overhead dominates; the old shape (the whole body on
 * every event) needed 10,000 × the body, about 8 GB.
 */
export const FLEET_MEMORY_BOUND = 256 * 1024 * 1024;

const statusField = (pid: number, field: 'VmRSS' | 'VmHWM') => {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no ${field} for process ${pid}`);
	return Number(match[1]) * 1024;
};

/** Resets the process's peak RSS (Linux: clear_refs 5) and returns its current RSS in bytes. */
export function resetPeak(pid: number): number {
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
	return statusField(pid, 'VmRSS');
}

/** Bytes the process's peak RSS rose above `rssBefore` since resetPeak. */
export function peakGrowth(pid: number, rssBefore: number): number {
	return statusField(pid, 'VmHWM') - rssBefore;
}
