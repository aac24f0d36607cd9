import { CallbackReceiver, CubeValidationError, type NotificationVerifier, type ReceiveResult } from '@linksfield-cube/core';
import { editorRouteTakenBy } from './editor-routes';
import { addRoute, normalisePath, removeRoute } from './http-route';
import { eventMessage } from './msg-mapping';
import type { HttpRequest, HttpResponse, Node, NodeAPI } from './node-red-api';
import { CALLBACK_IN_TYPE, DEFAULT_CALLBACK_PATH, type CallbackInProps, type CubeConfigNode } from './node-types';
import { captureRawBodies, readRawBody } from './raw-body';

/**
 * linksfield-cube-in: the endpoint Linksfield calls back (usage warnings, order status changes, SMS from
 * SIMs). The core's CallbackReceiver makes the whole decision — method, size, x-lf-md5 over the raw body,
 * de-duplication, event filter — this node only hosts it on Node-RED's HTTP server,
 * answers with its status and sends one message per event.
 */

const MAX_BODY_BYTES = 1024 * 1024;

function reply(res: HttpResponse, result: Pick<ReceiveResult, 'status' | 'reason'>): void {
	const ok = result.status === 200;
	const body = JSON.stringify({ code: ok ? '0000' : String(result.status), message: result.reason ?? (ok ? 'received' : 'refused'), success: ok });
	res.statusCode = result.status;
	res.setHeader('Content-Type', 'application/json');
	res.setHeader('Content-Length', Buffer.byteLength(body));
	res.end(body);
}

export = function registerCallbackInNode(RED: NodeAPI) {
	function LinksfieldCubeInNode(this: Node, props: CallbackInProps) {
		RED.nodes.createNode(this, props);
		const node = this;
		const path = normalisePath(props.path, DEFAULT_CALLBACK_PATH);
		const config = RED.nodes.getNode(props.cube) as CubeConfigNode | null;
		const app = RED.httpNode;
		// A pattern (":id", "*") would answer for other paths too; an editor path would lock the editor out.
		const route = editorRouteTakenBy(path, RED.settings ?? {});
		if (route || !/^[\w.~\-/]+$/.test(path)) {
			node.status({ fill: 'red', shape: 'ring', text: RED._('linksfield-cube-in.status.bad-path') });
			node.error(route ? RED._('linksfield-cube-in.errors.editor-path', { path, route }) : RED._('linksfield-cube-in.errors.path-pattern', { path }));
			return;
		}
		const current = config?.api() === 'current';
		// Current API: x-lf-signature with the notification key; legacy: x-lf-md5 with the callback secret.
		let verify: NotificationVerifier | undefined;
		let keyProblem: string | undefined;
		if (config && current) {
			try {
				verify = config.currentNotificationVerifier();
			} catch (err) {
				// The core's message names the setting (notification key id / key), never its value.
				keyProblem = err instanceof CubeValidationError ? err.message : String(err);
			}
		}
		const secret = config && !current ? config.notificationSecret() : '';
		// Without a key every signature check would be meaningless: no endpoint rather than an open one.
		if (!app || !config || (current ? !verify : !secret)) {
			const reason = !app ? 'no-http' : !config ? 'no-config' : current ? 'no-notification-key' : 'no-secret';
			node.status({ fill: 'red', shape: 'ring', text: RED._(`linksfield-cube-in.status.${reason}`) });
			node.error(RED._(`linksfield-cube-in.errors.${reason}`, { problem: keyProblem ?? '' }));
			return;
		}
		const receiver = new CallbackReceiver({ secret, verify, eventTypes: props.events?.length ? props.events : undefined, maxBodyBytes: MAX_BODY_BYTES });
		let received = 0;

		const handler = (req: HttpRequest, res: HttpResponse) => {
			readRawBody(req, MAX_BODY_BYTES)
				.then((raw) => {
					const result = receiver.receive(req.method, raw, req.headers);
					reply(res, result);
					if (result.status !== 200) {
						// Anyone can POST here: status and log follow the receiver's tally, one line a minute at most.
						// The reason ("bad-signature", "missing-signature", …) is safe to show: it never carries the secret.
						if (result.log) refusalSeen(result.log);
						return;
					}
					received += result.events.length;
					node.status({ fill: 'green', shape: 'dot', text: RED._('linksfield-cube-in.status.received', { count: received }) });
					if (result.events.length) node.send([result.events.map(eventMessage)]);
				})
				.catch((err: Error) => {
					if (!res.headersSent) reply(res, { status: 400, reason: 'unreadable body' });
					const log = receiver.noteRefusal(400, 'unreadable body');
					if (log?.count === 1) node.warn(RED._('linksfield-cube-in.errors.unreadable', { message: err.message }));
					else if (log) refusalSeen(log);
				});
		};
		const refusalSeen = (log: NonNullable<ReceiveResult['log']>) => {
			node.status({ fill: 'red', shape: 'ring', text: `${log.status} ${log.reason}` });
			if (log.count === 1) node.warn(RED._('linksfield-cube-in.errors.refused', { status: log.status, reason: log.reason }));
			else node.warn(RED._('linksfield-cube-in.errors.refused-many', { count: log.count, seconds: Math.round((log.sinceMs ?? 0) / 1000), status: log.status, reason: log.reason }));
		};

		const stopCapture = captureRawBodies(app, path, MAX_BODY_BYTES);
		addRoute(app, path, handler);
		node.status({ fill: 'grey', shape: 'dot', text: path });
		node.on('close', (_removed, done) => {
			stopCapture();
			removeRoute(app, handler);
			done();
		});
	}

	RED.nodes.registerType(CALLBACK_IN_TYPE, LinksfieldCubeInNode);
};
