// SharePoint's resource-unit budget through the real host: every resource of a deployment paces itself within the
// app's budget from the RateLimit headers, so a fleet that spends several windows' worth gets no 429 and spends no RU
// on throttled requests (which SharePoint counts too). The emulator charges Microsoft's costs (5 RU a permission
// operation, $batch parts apiece) against a small tenant's 1,200 RU, with the minute compressed to a second.
import type { LoggedRequest } from "../emulator";
import type { TestStack } from "./stack";
import { startStack } from "./stack";

const RESOURCES = 40;
const RECIPIENTS = 20;

let stack: TestStack;
beforeAll(async () => {
    stack = await startStack();
    for (let i = 1; i <= RECIPIENTS; i++) stack.emulator.addUser({ email: person(i) });
    stack.emulator.settings.resourceUnits = { licences: 500, windowMs: 1_000 };
});
afterAll(() => stack.close());

function person(i: number): string {
    return `member${String(i).padStart(2, "0")}@contoso.com`;
}
const people = Array.from({ length: RECIPIENTS }, (_, i) => person(i + 1));

/** Graph requests and $batch parts since the last call, with the RU charged and the 429s among them. */
function spent(): { ru: number; throttled: number; requests: LoggedRequest[] } {
    const requests = stack.emulator.requests.filter((r) => r.kind !== "entra");
    stack.emulator.clearRequests();
    return {
        ru: requests.reduce((sum, r) => sum + (r.resourceUnits ?? 0), 0),
        throttled: requests.filter((r) => r.status === 429).length,
        requests,
    };
}

test(`${RESOURCES} shares of ${RECIPIENTS} people, created and deleted at once: no 429, no RU beyond the operations`, async () => {
    const shares = Array.from({ length: RESOURCES }, (_, i) => ({
        folder: stack.folder(),
        resource: stack.resource(`team-${i}`),
    }));
    spent();
    await Promise.all(shares.map((s) => s.resource.up({ ...s.folder, recipients: people, roles: ["read"] })));
    const created = spent();
    // 1 list + 1 invite each, at 5 RU apiece.
    expect(created).toMatchObject({ ru: RESOURCES * 10, throttled: 0 });

    await Promise.all(shares.map((s) => s.resource.destroy()));
    const deleted = spent();
    // 20 DELETE parts each and no list (a business drive): 100 RU, 4,000 in all, over three windows of 1,200.
    expect(deleted).toMatchObject({ ru: RESOURCES * RECIPIENTS * 5, throttled: 0 });
    for (const s of shares) expect(stack.emulator.permissions(s.folder.driveId, s.folder.itemId)).toEqual([]);
});
