/**
 * Shared fixtures of the emulator's own tests: a small tenant, a token, and a fetch-based Graph caller that
 * returns status, headers and parsed body.
 */
import { type GraphEmulator, startEmulator } from "./index";

export const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const CLIENT_ID = "0f2d1c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c";
export const CLIENT_SECRET = "emulator-test-secret~1";

/** The seeded tenant's ids. */
export interface Fixture {
    readonly em: GraphEmulator;
    readonly token: string;
    readonly alice: string;
    readonly bob: string;
    readonly carol: string;
    readonly dave: string;
    readonly finance: string;
    /** Business drive owned by alice: root, folder Projects, file Projects/plan.docx. */
    readonly biz: { readonly id: string; readonly root: string; readonly folder: string; readonly file: string };
    /** Personal drive owned by eve: root, file photo.jpg. */
    readonly personal: { readonly id: string; readonly root: string; readonly file: string };
}

/** Seeds the standard tenant into `em` (after a reset) and signs in through the token endpoint. */
export async function seedFixture(em: GraphEmulator): Promise<Fixture> {
    em.reset();
    em.addApp({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    const alice = em.addUser({ email: "alice@contoso.com", displayName: "Alice Wong" }).id;
    const bob = em.addUser({ email: "bob@contoso.com", displayName: "Bob Kelly" }).id;
    const carol = em.addUser({ email: "carol@fabrikam.com", displayName: "Carol Guest" }).id;
    const dave = em.addUser({ email: "dave@contoso.com", displayName: "Dave Unverified", notificationFails: true }).id;
    em.addUser({ email: "eve@outlook.com", displayName: "Eve Personal", userType: "Member" });
    const finance = em.addGroup({
        displayName: "Finance",
        email: "finance@contoso.com",
        mailNickname: "finance",
        groupTypes: "m365",
    }).id;
    const bizDrive = em.addDrive({ driveType: "business", ownerUserId: alice });
    const folder = em.addItem({ driveId: bizDrive.id, name: "Projects", folder: true }).id;
    const file = em.addItem({ driveId: bizDrive.id, name: "plan.docx", parentId: folder }).id;
    const personalDrive = em.addDrive({ driveType: "personal", ownerUserId: "eve@outlook.com" });
    const photo = em.addItem({ driveId: personalDrive.id, name: "photo.jpg" }).id;
    const token = await fetchToken(em);
    em.clearRequests();
    return {
        em,
        token,
        alice,
        bob,
        carol,
        dave,
        finance,
        biz: { id: bizDrive.id, root: bizDrive.rootItemId, folder, file },
        personal: { id: personalDrive.id, root: personalDrive.rootItemId, file: photo },
    };
}

/** A client-credentials token from the emulator's token endpoint. */
export async function fetchToken(em: GraphEmulator, form: Record<string, string> = {}): Promise<string> {
    const res = await postForm(em, `/${TENANT_ID}/oauth2/v2.0/token`, {
        grant_type: "client_credentials",
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scope: "https://graph.microsoft.com/.default",
        ...form,
    });
    if (res.status !== 200) throw new Error(`token request failed: ${JSON.stringify(res.body)}`);
    return (res.body as { access_token: string }).access_token;
}

/** An answer as tests look at it. */
export interface Reply {
    readonly status: number;
    readonly headers: Headers;
    // Tests read arbitrary JSON paths; a typed shape per test would only restate the assertions.
    readonly body: any;
}

async function reply(res: Response): Promise<Reply> {
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

/** POSTs a form (as MSAL does) to a path of the emulator. */
export async function postForm(em: GraphEmulator, path: string, form: Record<string, string>): Promise<Reply> {
    return reply(
        await fetch(`${em.url}${path}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams(form).toString(),
        }),
    );
}

/** Calls the emulator: `path` is below the origin (e.g. "/v1.0/drives/..."); a non-string body is sent as JSON. */
export async function call(
    em: GraphEmulator,
    token: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
): Promise<Reply> {
    const init: RequestInit = {
        method,
        headers: {
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...headers,
        },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    };
    return reply(await fetch(`${em.url}${path}`, init));
}

/** A Graph caller bound to a fixture's token. */
export function graph(f: Fixture): {
    get(path: string, headers?: Record<string, string>): Promise<Reply>;
    post(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
    patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
    del(path: string, headers?: Record<string, string>): Promise<Reply>;
} {
    return {
        get: (path, headers) => call(f.em, f.token, "GET", path, undefined, headers),
        post: (path, body, headers) => call(f.em, f.token, "POST", path, body, headers),
        patch: (path, body, headers) => call(f.em, f.token, "PATCH", path, body, headers),
        del: (path, headers) => call(f.em, f.token, "DELETE", path, undefined, headers),
    };
}

/** The v1.0 path of an item of the business drive. */
export function bizItem(f: Fixture, itemId: string = f.biz.file): string {
    return `/v1.0/drives/${f.biz.id}/items/${itemId}`;
}

/** A standard invite body. */
export function inviteBody(
    recipients: Array<Record<string, string>>,
    roles: string[] = ["write"],
    extra: Record<string, unknown> = {},
): Record<string, unknown> {
    return { recipients, roles, requireSignIn: true, sendInvitation: false, ...extra };
}

/**
 * Starts an emulator for the test file and seeds a fresh fixture before each test, handing both over as they come.
 * (Jest hooks run after the file is loaded, so the values arrive through callbacks rather than return values.)
 */
export function useSeededEmulator(onEmulator: (em: GraphEmulator) => void, onFixture: (f: Fixture) => void): void {
    let em: GraphEmulator | undefined;
    beforeAll(async () => {
        em = await startEmulator();
        onEmulator(em);
    });
    afterAll(() => em?.close());
    beforeEach(async () => onFixture(await seedFixture(em!)));
}
