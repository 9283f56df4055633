// Bearer tokens on Graph calls: missing/invalid/expired -> 401 InvalidAuthenticationToken with Graph's error
// body (https://learn.microsoft.com/graph/errors); app roles decide reads and writes (403 accessDenied).
import type { GraphEmulator } from "./index";
import {
    CLIENT_ID,
    TENANT_ID,
    bizItem,
    call,
    fetchToken,
    type Fixture,
    inviteBody,
    seedFixture,
    useSeededEmulator,
} from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

const list = (token: string | undefined) => call(em, token, "GET", `${bizItem(f)}/permissions`);
const tamper = (token: string) => {
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    return `${h}.${Buffer.from(JSON.stringify({ ...claims, roles: ["Sites.FullControl.All"] })).toString("base64url")}.${s}`;
};

test.each<[string, () => string | undefined, string]>([
    ["no Authorization header", () => undefined, "Access token is empty."],
    ["not a JWT", () => "opaque", "IDX14100: JWT is not well formed, there are no dots (.)."],
    ["a tampered payload", () => tamper(f.token), "Access token validation failure."],
])("%s -> 401 InvalidAuthenticationToken", async (_name, token, message) => {
    const res = await list(token());
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm=""/);
    expect(res.body).toEqual({
        error: {
            code: "InvalidAuthenticationToken",
            message,
            innerError: {
                date: expect.any(String),
                "request-id": expect.any(String),
                "client-request-id": expect.any(String),
            },
        },
    });
    expect(em.graphRequests().at(-1)).toMatchObject({ status: 401, authenticated: false });
});

test("expireAllTokens: every issued token answers 401 'expired'; a new token works", async () => {
    expect((await list(f.token)).status).toBe(200);
    em.expireAllTokens();
    const res = await list(f.token);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("Lifetime validation failed, the token is expired.");
    expect((await list(await fetchToken(em))).status).toBe(200);
});

test("a token past its exp is refused", async () => {
    em.settings.tokenLifetimeSeconds = 0;
    const res = await list(await fetchToken(em));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe("Lifetime validation failed, the token is expired.");
});

test("reset() forgets tokens", async () => {
    const token = f.token;
    f = await seedFixture(em);
    expect((await list(token)).status).toBe(401);
});

test("the client-request-id is echoed in the headers and innerError", async () => {
    const res = await call(em, undefined, "GET", `${bizItem(f)}/permissions`, undefined, {
        "client-request-id": "my-correlation",
    });
    expect(res.headers.get("client-request-id")).toBe("my-correlation");
    expect(res.body.error.innerError["client-request-id"]).toBe("my-correlation");
    expect(res.body.error.innerError["request-id"]).toBe(res.headers.get("request-id"));
});

describe("app roles", () => {
    async function tokenWith(permissions: string[]): Promise<string> {
        em.addApp({ tenantId: TENANT_ID, clientId: CLIENT_ID, clientSecret: "s", permissions });
        return fetchToken(em, { client_secret: "s" });
    }
    const invite = (token: string) =>
        call(em, token, "POST", `${bizItem(f)}/invite`, inviteBody([{ email: "bob@contoso.com" }]));

    test.each([["Files.Read.All"], ["Sites.Read.All"]])("%s reads but can't write (403 accessDenied)", async (role) => {
        const token = await tokenWith([role]);
        expect((await list(token)).status).toBe(200);
        const res = await invite(token);
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({ code: "accessDenied", message: "Access denied" });
    });

    test.each([["Files.ReadWrite.All"], ["Sites.ReadWrite.All"], ["Sites.FullControl.All"]])(
        "%s writes",
        async (role) => {
            expect((await invite(await tokenWith([role]))).status).toBe(200);
        },
    );

    test("an app with no roles gets 403 on reads too", async () => {
        const res = await list(await tokenWith([]));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe("accessDenied");
    });

    test("issueToken gives a token without calling the token endpoint", async () => {
        const token = em.issueToken(TENANT_ID, CLIENT_ID);
        expect((await list(token)).status).toBe(200);
        expect(em.tokenRequests()).toHaveLength(0);
    });
});
