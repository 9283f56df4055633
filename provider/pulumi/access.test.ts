/**
 * DriveItemAccess as a program constructs it, with Pulumi's mocks: a child DriveItemShare per role under the
 * component, both registered (two shares under one parent used to wait on each other forever), and a person under
 * both roles refused, naming them. Lists given as Outputs, and what the engine does, are test/engine/access.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import type { DriveItemAccess as Access } from "./access";

let registered: string[];
let DriveItemAccess: typeof Access;

beforeAll(async () => {
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                registered.push(`${args.type} ${args.name} ${JSON.stringify(args.inputs.roles ?? null)}`);
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        },
        "project",
        "stack",
        true,
    );
    ({ DriveItemAccess } = await import("./access"));
});
beforeEach(() => (registered = []));

const urnOf = (resource: pulumi.Resource) => new Promise<string>((resolve) => resource.urn.apply(resolve));

test("a child DriveItemShare per role that has recipients, under the component, each registered", async () => {
    const access = new DriveItemAccess("team", {
        driveId: "b!x",
        itemId: "01A",
        read: ["alice@contoso.com"],
        write: [{ objectId: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" }],
    });
    expect(await urnOf(access.shares.read!)).toBe(
        "urn:pulumi:stack::project::driveShare:index:DriveItemAccess$pulumi-nodejs:dynamic/driveShare:DriveItemShare::team-read",
    );
    await urnOf(access.shares.write!);
    expect(registered.sort()).toEqual([
        "driveShare:index:DriveItemAccess team null",
        'pulumi-nodejs:dynamic/driveShare:DriveItemShare team-read ["read"]',
        'pulumi-nodejs:dynamic/driveShare:DriveItemShare team-write ["write"]',
    ]);
    const writersOnly = new DriveItemAccess("editors", {
        driveId: "b!x",
        itemId: "01A",
        read: [],
        write: ["bob@contoso.com"],
    });
    expect(Object.keys(writersOnly.shares)).toEqual(["write"]);
});

test("someone under both roles is refused, normalized as the provider keys them", () => {
    expect(
        () =>
            new DriveItemAccess("both", {
                driveId: "b!x",
                itemId: "01A",
                read: [" Bob@Contoso.com", "alice@contoso.com"],
                write: [{ email: "bob@contoso.com" }],
            }),
    ).toThrow(
        'DriveItemAccess "both": bob@contoso.com is listed under both read and write. One person holds one role per item',
    );
});
