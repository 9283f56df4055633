/**
 * The control surface for standalone use (not logged, no auth):
 *   GET    /_emulator                      -> url and settings
 *   POST   /_emulator/seed                 -> applies a SeedDocument (apps, users, groups, sites, drives), answers the created ids
 *   POST   /_emulator/reset                -> forgets everything
 *   GET    /_emulator/requests             -> {value: LoggedRequest[]};  DELETE clears the log
 *   POST   /_emulator/faults               -> arms a FaultSpec (JSON: "path" is a substring, "pathRegex" a RegExp source)
 *   DELETE /_emulator/faults               -> disarms all faults
 *   PATCH  /_emulator/settings             -> changes settings (latencyMs, grantVisibilityDelayMs, listPageSize, resourceUnits...)
 *   POST   /_emulator/expire-tokens        -> every issued token becomes invalid
 *   GET    /_emulator/drives/{d}/items/{i}/permissions -> the live permissions, ignoring the visibility delay
 */
import type { GraphEmulator } from "./emulator";
import type { HttpAnswer } from "./errors";
import { isObject } from "./recipients";
import type { SeedDocument } from "./seed";
import type { ControlRequest } from "./server";
import type { FaultSpec } from "./types";

function faultFrom(body: unknown): FaultSpec {
    if (!isObject(body) || !isObject(body.response)) throw new Error("A fault needs a response object.");
    const { pathRegex, ...rest } = body;
    const spec = rest as unknown as FaultSpec;
    return typeof pathRegex === "string" ? { ...spec, path: new RegExp(pathRegex) } : spec;
}

/** Answers a control request; throws (-> 400) on bad input. */
export function handleControl(emulator: GraphEmulator, req: ControlRequest): HttpAnswer {
    const route = `${req.method} ${req.path.replace(/\/$/, "") || "/"}`;
    const permissions = /^GET \/drives\/([^/]+)\/items\/([^/]+)\/permissions$/.exec(route);
    if (permissions)
        return {
            status: 200,
            body: {
                value: emulator.permissions(decodeURIComponent(permissions[1]), decodeURIComponent(permissions[2])),
            },
        };
    switch (route) {
        case "GET /":
            return { status: 200, body: { url: emulator.url, settings: emulator.settings } };
        case "POST /seed":
            if (!isObject(req.body)) throw new Error("The seed must be a JSON object.");
            return { status: 200, body: emulator.seed(req.body as SeedDocument) };
        case "POST /reset":
            emulator.reset();
            return { status: 204 };
        case "GET /requests":
            return { status: 200, body: { value: emulator.requests } };
        case "DELETE /requests":
            emulator.clearRequests();
            return { status: 204 };
        case "POST /faults":
            emulator.injectFault(faultFrom(req.body));
            return { status: 204 };
        case "DELETE /faults":
            emulator.clearFaults();
            return { status: 204 };
        case "PATCH /settings":
            if (!isObject(req.body)) throw new Error("Settings must be a JSON object.");
            for (const [key, value] of Object.entries(req.body)) {
                if (!(key in emulator.settings)) throw new Error(`Unknown setting '${key}'.`);
                Object.assign(emulator.settings, { [key]: value });
            }
            return { status: 200, body: emulator.settings };
        case "POST /expire-tokens":
            emulator.expireAllTokens();
            return { status: 204 };
        default:
            return { status: 404, body: { error: `No control endpoint ${route}.` } };
    }
}
