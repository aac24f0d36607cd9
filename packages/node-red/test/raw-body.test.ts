import { captureRawBodies, readRawBody } from '../src/raw-body';
import type { HttpApp, HttpRequest, HttpResponse } from '../src/node-red-api';

// express and body-parser come with node-red-node-test-helper (the same versions Node-RED 4 uses).
const express = require('express');
const bodyParser = require('body-parser');
const request = require('supertest');

/**
 * Node-RED's default layout, as its red.js builds it: the editor's app (with JSON and form body parsers) and the
 * HTTP nodes' app both mounted at "/" of one root app, the editor's first.
 */
function nodeRedLikeServer(nodeRoot = '/') {
	const root = express();
	const admin = express();
	admin.use(bodyParser.json({ limit: '5mb' }));
	admin.use(bodyParser.urlencoded({ limit: '5mb', extended: true }));
	const httpNode = express();
	root.use('/', admin);
	root.use(nodeRoot, httpNode);
	const echo = (req: HttpRequest, res: HttpResponse) => {
		readRawBody(req, 1024).then((raw) => {
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ raw: raw.toString(), buffer: Buffer.isBuffer(raw) }));
		});
	};
	return { root, httpNode: httpNode as HttpApp & { post: (path: string, fn: typeof echo) => void }, echo };
}

describe('captureRawBodies: the callback path sees its raw bytes ahead of the editor\'s body parsers', () => {
	it.each([
		['JSON', 'application/json', '{"devices":[{"deviceId":"1"}]}'],
		['JSON labelled form-encoded', 'application/x-www-form-urlencoded', '{"devices":[{"deviceId":"1"}]}'],
		['malformed JSON', 'application/json', '{"devices":['],
	])('%s arrives as sent', async (_name, type, body) => {
		const { root, httpNode, echo } = nodeRedLikeServer();
		captureRawBodies(httpNode, '/cube/callbacks', 1024);
		httpNode.post('/cube/callbacks', echo);
		const res = await request(root).post('/cube/callbacks').set('content-type', type).send(body);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ raw: body, buffer: true });
	});

	it('follows httpNodeRoot, the case-insensitive path and a trailing slash; other paths are left to the parsers', async () => {
		const { root, httpNode, echo } = nodeRedLikeServer('/api');
		captureRawBodies(httpNode, '/cube/callbacks', 1024);
		httpNode.post('/cube/callbacks', echo);
		httpNode.post('/other', echo);
		const body = '{"a":"1"}';
		expect((await request(root).post('/api/Cube/Callbacks/').set('content-type', 'application/json').send(body)).body).toEqual({ raw: body, buffer: true });
		// Parsed by the editor's JSON parser first: what the route sees is that parser's object, re-serialised.
		expect((await request(root).post('/api/other').set('content-type', 'application/json').send('{ "a" : "1" }')).body).toEqual({ raw: body, buffer: false });
	});

	it('stops capturing when the last node on the path closes', async () => {
		const { root, httpNode, echo } = nodeRedLikeServer();
		const stopFirst = captureRawBodies(httpNode, '/cb', 1024);
		const stopSecond = captureRawBodies(httpNode, '/cb', 1024);
		httpNode.post('/cb', echo);
		const send = () => request(root).post('/cb').set('content-type', 'application/json').send('{ "a" : "1" }');
		stopFirst();
		expect((await send()).body.buffer).toBe(true);
		stopSecond();
		expect((await send()).body.buffer).toBe(false);
	});
});
