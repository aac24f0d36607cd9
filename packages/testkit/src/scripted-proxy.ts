import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does with a CONNECT: `tunnel` opens it; `drop-after-200` answers 200 and closes the connection
 * before the client's TLS handshake can complete; `drop` closes it without an answer; `hang` never answers.
 */
export type ConnectBehaviour = 'tunnel' | 'drop-after-200' | 'drop' | 'hang';

export interface ScriptedProxy {
	/** http(s)://127.0.0.1:<port> */
	url: string;
	port: number;
	/** Request lines as a forward proxy sees them ("POST http://…/path", "CONNECT 127.0.0.1:…"). */
	requests(): string[];
	/** The decoded `user:password` of each request's Proxy-Authorization (Basic), '' when it had none. */
	credentials(): string[];
	stop(): Promise<void>;
}

/**
 * A forward proxy in the test's own process, for what tinyproxy cannot do: listen over TLS (an `https://`
 * proxy, with a certificate of the test's throw-away CA), misbehave on CONNECT on purpose, and show exactly
 * which proxy credentials arrived. Absolute-URL requests are forwarded; CONNECT tunnels per `connect`.
 */
export async function startScriptedProxy(options: { tls?: { cert: string; key: string }; connect?: ConnectBehaviour } = {}): Promise<ScriptedProxy> {
	const requests: string[] = [];
	const credentials: string[] = [];
	const record = (req: http.IncomingMessage) => {
		requests.push(`${req.method} ${req.url}`);
		const auth = /^Basic (.+)$/i.exec(String(req.headers['proxy-authorization'] ?? ''));
		credentials.push(auth ? Buffer.from(auth[1], 'base64').toString('utf8') : '');
	};
	const sockets = new Set<net.Socket>();
	const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
		record(req);
		const headers = { ...req.headers };
		delete headers['proxy-authorization'];
		const upstream = http.request(String(req.url), { method: req.method, headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.writeHead(502).end());
		req.pipe(upstream);
	};
	const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, forward) : http.createServer(forward);
	server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
		record(req);
		const behaviour = options.connect ?? 'tunnel';
		if (behaviour === 'drop') return client.destroy();
		if (behaviour === 'hang') return void client.on('error', () => undefined);
		client.write('HTTP/1.1 200 Connection established\r\n\r\n');
		// The client's first TLS bytes (its ClientHello) have arrived or are on their way: close before any answer.
		if (behaviour === 'drop-after-200') return void client.once('data', () => client.destroy());
		const [host, port] = String(req.url).split(':');
		const upstream = net.connect(Number(port), host, () => {
			if (head.length) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// The TLS listener's connections arrive as 'secureConnection' too; closing them at stop is enough.
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
		port,
		requests: () => [...requests],
		credentials: () => [...credentials],
		stop: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}
