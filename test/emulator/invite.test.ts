// POST {item}/invite: validation, recipient resolution, business vs personal shapes, upsert, 207.
// Shapes are checked against https://learn.microsoft.com/graph/api/driveitem-invite (response and
// "Partial success response" examples) and https://learn.microsoft.com/graph/api/resources/permission.
import { claimPermissionId, groupClaim, userClaim } from "./ids";
import type { GraphEmulator } from "./index";
import { bizItem, type Fixture, graph, inviteBody, useSeededEmulator } from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

const invitePath = () => `${bizItem(f)}/invite`;

describe("business drive", () => {
    test("matches the documented response: grantedTo(+deprecation note), grantedToV2 with siteUser, roles; no expiration on a direct grant", async () => {
        const expires = new Date(Date.now() + 86_400_000).toISOString();
        const res = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "bob@contoso.com" }], ["write"], {
                message: "Here's the file that we're collaborating on.",
                expirationDateTime: expires,
            }),
        );
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        const id = claimPermissionId(userClaim("bob@contoso.com"));
        expect(res.body).toEqual({
            value: [
                {
                    "@deprecated.GrantedTo": "GrantedTo has been deprecated. Refer to GrantedToV2",
                    id,
                    roles: ["write"],
                    grantedTo: { user: { id: f.bob, displayName: "Bob Kelly", email: "bob@contoso.com" } },
                    grantedToV2: {
                        user: { id: f.bob, displayName: "Bob Kelly", email: "bob@contoso.com" },
                        siteUser: {
                            id: expect.stringMatching(/^\d+$/),
                            displayName: "Bob Kelly",
                            email: "bob@contoso.com",
                            loginName: "i:0#.f|membership|bob@contoso.com",
                        },
                    },
                },
            ],
        });
        expect(id).toBe(Buffer.from("i:0#.f|membership|bob@contoso.com").toString("base64").replace(/=+$/, ""));
        expect(res.body.value[0].inheritedFrom).toBeUndefined();
    });

    test("re-inviting upserts: same id, roles replaced, no duplicate", async () => {
        const first = await graph(f).post(invitePath(), inviteBody([{ email: "bob@contoso.com" }], ["read"]));
        const later = new Date(Date.now() + 3 * 86_400_000).toISOString();
        const second = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "BOB@contoso.com" }], ["write"], { expirationDateTime: later }),
        );
        expect(second.body.value[0].id).toBe(first.body.value[0].id);
        expect(second.body.value[0].roles).toEqual(["write"]);
        expect(second.body.value[0].expirationDateTime).toBeUndefined();
        expect(em.permissions(f.biz.id, f.biz.file).filter((p) => p.id === first.body.value[0].id)).toHaveLength(1);
    });

    test("one permission per recipient; recipients resolve by email (any case), objectId and alias; groups get grantedToV2.group + siteGroup", async () => {
        const res = await graph(f).post(
            invitePath(),
            inviteBody(
                [
                    { email: "ALICE@Contoso.com" },
                    { objectId: f.bob },
                    { alias: "finance" },
                    { email: "finance@contoso.com" },
                ],
                ["read"],
            ),
        );
        expect(res.status).toBe(200);
        const ids = res.body.value.map((p: { id: string }) => p.id);
        expect(ids).toEqual([
            claimPermissionId(userClaim("alice@contoso.com")),
            claimPermissionId(userClaim("bob@contoso.com")),
            claimPermissionId(groupClaim(f.finance)),
        ]);
        const group = res.body.value[2];
        expect(group.grantedToV2).toEqual({
            group: { id: f.finance, displayName: "Finance", email: "finance@contoso.com" },
            siteGroup: {
                id: expect.stringMatching(/^\d+$/),
                displayName: "Finance",
                loginName: `c:0o.c|federateddirectoryclaimprovider|${f.finance}`,
            },
        });
        expect(group.grantedTo).toBeUndefined();
    });

    test("a guest who has not redeemed carries invitation {email, signInRequired}", async () => {
        const res = await graph(f).post(invitePath(), inviteBody([{ email: "carol@fabrikam.com" }], ["read"]));
        expect(res.body.value[0].invitation).toEqual({ email: "carol@fabrikam.com", signInRequired: true });
    });

    test("an unresolvable recipient fails the whole invite with 404 and grants nothing", async () => {
        const before = em.permissions(f.biz.id, f.biz.file);
        const res = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "bob@contoso.com" }, { email: "stranger@nowhere.example" }]),
        );
        expect(res.status).toBe(404);
        expect(res.body).toEqual({
            error: {
                code: "itemNotFound",
                message: "One of the provided recipients could not be found",
                innerError: {
                    date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
                    "request-id": expect.any(String),
                    "client-request-id": expect.any(String),
                },
            },
        });
        expect(em.permissions(f.biz.id, f.biz.file)).toEqual(before);
    });

    test("207 when a notification fails: everyone is granted, the failing entry carries error with lowercase innererror", async () => {
        const res = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "dave@contoso.com" }, { email: "bob@contoso.com" }], ["write"], {
                sendInvitation: true,
            }),
        );
        expect(res.status).toBe(207);
        const [dave, bob] = res.body.value;
        expect(dave).toMatchObject({
            id: claimPermissionId(userClaim("dave@contoso.com")),
            roles: ["write"],
            error: {
                code: "notAllowed",
                message: "Account verification needed to unblock sending emails.",
                innererror: { code: "accountVerificationRequired" },
            },
        });
        expect(bob.error).toBeUndefined();
        expect(em.permissions(f.biz.id, f.biz.file).map((p) => p.id)).toEqual(
            expect.arrayContaining([dave.id, bob.id]),
        );
    });

    test("no 207 for a failing notification when sendInvitation is false", async () => {
        const res = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "dave@contoso.com" }], ["read"], { sendInvitation: false }),
        );
        expect(res.status).toBe(200);
    });

    test("microsoft.graph.invite and beta work the same", async () => {
        const a = await graph(f).post(
            `${bizItem(f)}/microsoft.graph.invite`,
            inviteBody([{ email: "bob@contoso.com" }]),
        );
        const b = await graph(f).post(
            `/beta/drives/${f.biz.id}/items/${f.biz.file}/invite`,
            inviteBody([{ email: "bob@contoso.com" }]),
        );
        expect([a.status, b.status]).toEqual([200, 200]);
    });

    test("retainInheritedPermissions:false drops the item's inherited permissions; true keeps them", async () => {
        em.addPermission(f.biz.id, f.biz.file, {
            kind: "user",
            user: "alice@contoso.com",
            roles: ["owner"],
            inherited: true,
            id: "inherited-alice",
        });
        await graph(f).post(
            invitePath(),
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { retainInheritedPermissions: true }),
        );
        expect(em.permissions(f.biz.id, f.biz.file).map((p) => p.id)).toContain("inherited-alice");
        const res = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { retainInheritedPermissions: false }),
        );
        expect(res.status).toBe(200);
        expect(em.permissions(f.biz.id, f.biz.file).map((p) => p.id)).not.toContain("inherited-alice");
    });

    test("rejectRetainInheritedPermissionsFalse makes retainInheritedPermissions:false a 400 invalidRequest", async () => {
        em.settings.rejectRetainInheritedPermissionsFalse = true;
        const res = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { retainInheritedPermissions: false }),
        );
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ code: "invalidRequest", message: "Invalid request" });
    });

    test("inviting the owner returns the owner permission unchanged", async () => {
        em.addPermission(f.biz.id, f.biz.file, { kind: "owner", user: f.alice });
        const res = await graph(f).post(invitePath(), inviteBody([{ email: "alice@contoso.com" }], ["read"]));
        expect(res.body.value[0].roles).toEqual(["owner"]);
    });
});

describe("validation: 400 invalidRequest, nothing granted", () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    test.each<[string, unknown, RegExp]>([
        ["no recipients", { roles: ["read"], requireSignIn: true }, /recipient/],
        ["empty recipients", inviteBody([]), /recipient/],
        ["recipients not an array", { ...inviteBody([]), recipients: { email: "bob@contoso.com" } }, /recipient/],
        ["recipient with nothing", inviteBody([{}]), /exactly one of email, alias or objectId/],
        ["recipient with two identifiers", inviteBody([{ email: "bob@contoso.com", objectId: "x" }]), /exactly one/],
        ["recipient with an unknown property", inviteBody([{ email: "bob@contoso.com", phone: "1" }]), /phone/],
        ["no roles", { recipients: [{ email: "bob@contoso.com" }], requireSignIn: true }, /role/],
        ["empty roles", inviteBody([{ email: "bob@contoso.com" }], []), /role/],
        ["owner role", inviteBody([{ email: "bob@contoso.com" }], ["owner"]), /^Invalid value for role$/],
        ["sp.owner role", inviteBody([{ email: "bob@contoso.com" }], ["sp.owner"]), /^Invalid value for role$/],
        [
            "message over 2000 characters",
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { message: "x".repeat(2001) }),
            /2000/,
        ],
        [
            "requireSignIn and sendInvitation both false",
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { requireSignIn: false, sendInvitation: false }),
            /^RequireSignIn and SendInvitation cannot both be false$/,
        ],
        [
            "both flags left out (defaults are false)",
            { recipients: [{ email: "bob@contoso.com" }], roles: ["read"] },
            /cannot both be false/,
        ],
        [
            "unparseable expirationDateTime",
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { expirationDateTime: "next tuesday" }),
            /expirationDateTime/,
        ],
        [
            "expirationDateTime in the past",
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { expirationDateTime: past }),
            /past/,
        ],
        [
            "password on a business drive",
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { password: "secret123" }),
            /OneDrive personal/,
        ],
        [
            "an unknown body property",
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { notify: true }),
            /'notify'/,
        ],
        [
            "a non-boolean flag",
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { requireSignIn: "yes" }),
            /requireSignIn/,
        ],
        ["a JSON array body", [1, 2], /Invalid request/],
    ])("%s", async (_name, body, message) => {
        const res = await graph(f).post(invitePath(), body);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("invalidRequest");
        expect(res.body.error.message).toMatch(message);
        expect(em.permissions(f.biz.id, f.biz.file).map((p) => p.roles)).toEqual([]);
    });

    test("an expirationDateTime is judged by the emulator's clock (clockOffsetMs)", async () => {
        const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
        em.settings.clockOffsetMs = 60 * 86_400_000;
        try {
            const res = await graph(f).post(
                invitePath(),
                inviteBody([{ email: "bob@contoso.com" }], ["read"], { expirationDateTime: inAMonth }),
            );
            expect(res.status).toBe(400);
            expect(res.body.error.message).toBe("The expirationDateTime can't be in the past.");
        } finally {
            em.settings.clockOffsetMs = 0;
        }
    });

    test("malformed JSON is 400 BadRequest with Graph's message", async () => {
        const res = await graph(f).post(invitePath(), "{not json");
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({
            code: "BadRequest",
            message: expect.stringContaining("Unable to read JSON request payload"),
        });
    });

    test("the password is redacted in the request log", async () => {
        await graph(f).post(
            `/v1.0/drives/${f.personal.id}/items/${f.personal.file}/invite`,
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { password: "hunter2" }),
        );
        expect(JSON.stringify(em.requests)).not.toContain("hunter2");
        expect((em.graphRequests()[0].body as { password: string }).password).toBe("<redacted>");
    });

    test("inviteFlagDefaults can make a body without the flags acceptable", async () => {
        em.settings.inviteFlagDefaults = { requireSignIn: true, sendInvitation: false };
        const res = await graph(f).post(invitePath(), { recipients: [{ email: "bob@contoso.com" }], roles: ["read"] });
        expect(res.status).toBe(200);
    });

    test("garbage never crashes the server", async () => {
        const bodies: unknown[] = [
            "null",
            "42",
            '"text"',
            { recipients: [null] },
            { recipients: [{ email: 5 }], roles: [7] },
            { roles: "read" },
            { recipients: "x", roles: null },
        ];
        for (const body of bodies) {
            const res = await graph(f).post(invitePath(), body);
            expect(res.status).toBeGreaterThanOrEqual(400);
            expect(res.status).toBeLessThan(500);
        }
        expect((await graph(f).get(`${bizItem(f)}/permissions`)).status).toBe(200);
    });
});

describe("personal drive", () => {
    const personalInvite = () => `/v1.0/drives/${f.personal.id}/items/${f.personal.file}/invite`;

    test("'shared' mode: one users-link permission for all recipients, v1 properties only, password -> hasPassword", async () => {
        const expires = new Date(Date.now() + 86_400_000).toISOString();
        const res = await graph(f).post(
            personalInvite(),
            inviteBody([{ email: "bob@contoso.com" }, { email: "alice@contoso.com" }], ["write"], {
                password: "p@ss",
                expirationDateTime: expires,
            }),
        );
        expect(res.status).toBe(200);
        expect(res.body.value).toHaveLength(1);
        const p = res.body.value[0];
        expect(p).toEqual({
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            roles: ["write"],
            link: { type: "edit", scope: "users", webUrl: expect.stringMatching(/^https:\/\/1drv\.ms\/u\/s!/) },
            grantedToIdentities: [
                { user: { id: f.bob, displayName: "Bob Kelly", email: "bob@contoso.com" } },
                { user: { id: f.alice, displayName: "Alice Wong", email: "alice@contoso.com" } },
            ],
            shareId: expect.stringMatching(/^s!/),
            hasPassword: true,
            expirationDateTime: expires.replace(/\.\d{3}Z$/, "Z"),
        });
        const again = await graph(f).post(personalInvite(), inviteBody([{ email: "bob@contoso.com" }], ["read"]));
        expect(again.body.value[0]).toMatchObject({ roles: ["read"], link: { type: "view" }, hasPassword: false });
        expect(again.body.value[0].id).not.toBe(p.id);
    });

    test("'perRecipient' mode: one link permission per recipient", async () => {
        em.settings.personalInviteMode = "perRecipient";
        const res = await graph(f).post(
            personalInvite(),
            inviteBody([{ email: "bob@contoso.com" }, { email: "alice@contoso.com" }], ["read"]),
        );
        expect(res.body.value).toHaveLength(2);
        expect(res.body.value.map((p: { grantedToIdentities: unknown[] }) => p.grantedToIdentities.length)).toEqual([
            1, 1,
        ]);
    });

    test("nothing can be created on the root item of a personal drive", async () => {
        const res = await graph(f).post(
            `/v1.0/drives/${f.personal.id}/root/invite`,
            inviteBody([{ email: "bob@contoso.com" }]),
        );
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe("invalidRequest");
    });

    test("207 on a personal drive puts the error on the shared permission", async () => {
        const res = await graph(f).post(
            personalInvite(),
            inviteBody([{ email: "dave@contoso.com" }, { email: "bob@contoso.com" }], ["read"], {
                sendInvitation: true,
            }),
        );
        expect(res.status).toBe(207);
        expect(res.body.value[0].error.innererror.code).toBe("accountVerificationRequired");
    });
});

describe("many recipients in one invite (onedrive-api-docs#1481)", () => {
    test("more than inviteGatewayTimeoutAbove: carried out, then answered 504 as the gateway does", async () => {
        em.settings.inviteGatewayTimeoutAbove = 1;
        try {
            const res = await graph(f).post(
                invitePath(),
                inviteBody([{ email: "bob@contoso.com" }, { email: "alice@contoso.com" }], ["read"]),
            );
            expect(res.status).toBe(504);
            expect(res.body.error).toMatchObject({ code: "UnknownError", message: "" });
            expect(em.permissions(f.biz.id, f.biz.file).filter((p) => p.roles.includes("read"))).toHaveLength(2);
            const one = await graph(f).post(invitePath(), inviteBody([{ email: "bob@contoso.com" }], ["read"]));
            expect(one.status).toBe(200);
        } finally {
            em.settings.inviteGatewayTimeoutAbove = 200;
        }
    });
});

describe("expirationDateTime on a business drive (driveitem-invite: only applicable for sharingLink permissions)", () => {
    const later = () => new Date(Date.now() + 86_400_000).toISOString();

    test("ignored by default: the direct grant is made without an expiration", async () => {
        const res = await graph(f).post(
            invitePath(),
            inviteBody([{ email: "bob@contoso.com" }], ["read"], { expirationDateTime: later() }),
        );
        expect(res.status).toBe(200);
        expect(res.body.value[0].expirationDateTime).toBeUndefined();
    });

    test("businessInviteExpiration rejected: 400, as microsoft-graph-docs#8820 reports", async () => {
        em.settings.businessInviteExpiration = "rejected";
        try {
            const res = await graph(f).post(
                invitePath(),
                inviteBody([{ email: "bob@contoso.com" }], ["read"], { expirationDateTime: later() }),
            );
            expect(res.status).toBe(400);
            expect(res.body.error).toMatchObject({
                code: "-1, Microsoft.SharePoint.Client.InvalidClientQueryException",
                message: "The parameter expirationDateTime does not exist in method invite.",
            });
        } finally {
            em.settings.businessInviteExpiration = "ignored";
        }
    });
});
