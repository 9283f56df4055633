import fc from "fast-check";
import type { Grant } from "./share";
import { grantFromStored, grantsFromStored, outputsFromState, stateOfOutputs, storedGrant } from "./stored-grant";

describe("storedGrant", () => {
    test("is the roles, the permission id and the date, separated by spaces", () => {
        expect(storedGrant({ permissionId: "aTowIy5m", roles: ["read"], since: "2026-12-04T01:50:00.000Z" })).toBe(
            "read aTowIy5m 2026-12-04T01:50:00.000Z",
        );
        expect(storedGrant({ permissionId: "aTowIy5m", roles: ["read", "write"] })).toBe("read,write aTowIy5m");
    });

    test("escapes a role with a space or a comma", () => {
        expect(storedGrant({ permissionId: "p 1", roles: ["SP.Limited Access", "a,b"] })).toBe(
            "SP.Limited%20Access,a%2Cb p%201",
        );
    });

    test("reads back every grant it stores (property)", () => {
        const grant = fc.record(
            {
                permissionId: fc.string({ minLength: 1 }),
                roles: fc.array(fc.string({ minLength: 1 }), { maxLength: 3 }),
                since: fc.string(),
            },
            { requiredKeys: ["permissionId", "roles"] },
        );
        fc.assert(fc.property(grant, (g: Grant) => expect(grantFromStored(storedGrant(g), "g")).toEqual(g)));
    });
});

describe("grantFromStored", () => {
    test("reads a grant of no roles", () => {
        expect(grantFromStored(" p1", "g")).toEqual({ permissionId: "p1", roles: [] });
    });

    test("reads the objects state written by 0.1.0 holds", () => {
        expect(grantFromStored({ permissionId: "p1", roles: ["write"], since: "2025-01-01T00:00:00Z" }, "g")).toEqual({
            permissionId: "p1",
            roles: ["write"],
            since: "2025-01-01T00:00:00Z",
        });
        expect(grantFromStored({ permissionId: "p1", roles: ["read"] }, "g")).toEqual({
            permissionId: "p1",
            roles: ["read"],
        });
    });

    test.each([["read"], ["read  p1"], ["read p1 2025 more"], ["read %E0%A4%A"], [7], [null], [{ roles: ["read"] }]])(
        "refuses %j, naming where and the value",
        (value) => {
            expect(() => grantFromStored(value, 'grants["bob@contoso.com"]')).toThrow(
                `grants["bob@contoso.com"] is ${JSON.stringify(value)}, which is not a recorded grant`,
            );
        },
    );
});

describe("grantsFromStored", () => {
    test("reads none from nothing, and names the key of a malformed grant", () => {
        expect(grantsFromStored(undefined)).toEqual({});
        expect(() => grantsFromStored({ "bob@contoso.com": 7 })).toThrow('grants["bob@contoso.com"] is 7');
        expect(() => grantsFromStored(["read p1"])).toThrow(
            'grants is ["read p1"], which is not a map of recorded grants',
        );
    });
});

describe("outputsFromState and stateOfOutputs", () => {
    test("turn the grants into their stored form and back, and leave the rest", () => {
        const outputs = {
            driveId: "b!d",
            itemId: "01I",
            recipients: { "bob@contoso.com": { email: "bob@contoso.com" } },
            roles: ["read" as const],
            requireSignIn: true,
            sendInvitation: false,
            grants: { "bob@contoso.com": { permissionId: "p1", roles: ["read"], since: "2026-01-01T00:00:00Z" } },
            __granted: ["bob@contoso.com"],
        };
        const state = stateOfOutputs(outputs);
        expect(state).toEqual({ ...outputs, grants: { "bob@contoso.com": "read p1 2026-01-01T00:00:00Z" } });
        expect(outputsFromState(state)).toEqual(outputs);
    });

    test("keep a grant the previous state holds as an object while it is the same grant, and only then", () => {
        const outputs = {
            driveId: "b!d",
            itemId: "01I",
            recipients: {},
            roles: ["read" as const],
            requireSignIn: true,
            sendInvitation: false,
            grants: {
                alice: { permissionId: "p1", roles: ["read"] },
                bob: { permissionId: "p2", roles: ["write"] },
                carol: { permissionId: "p3", roles: ["read"] },
            },
        };
        const previous = {
            alice: { permissionId: "p1", roles: ["read"] },
            bob: { permissionId: "p2", roles: ["read"] },
            carol: "read p3",
            dave: { permissionId: "p4", roles: ["read"] },
        };
        expect(stateOfOutputs(outputs, previous).grants).toEqual({
            alice: { permissionId: "p1", roles: ["read"] },
            bob: "write p2",
            carol: "read p3",
        });
    });
});
