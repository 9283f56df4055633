// GET {item}/children (https://learn.microsoft.com/graph/api/driveitem-list-children): by id, root and path, paging
// with @odata.nextLink, $select and $top, a file's empty collection, inside $batch, and the read permission.
import type { GraphEmulator } from "./index";
import { type Fixture, graph, useSeededEmulator } from "./test-helpers";

let em: GraphEmulator;
let f: Fixture;
useSeededEmulator(
    (emulator) => (em = emulator),
    (fixture) => (f = fixture),
);

const drivePath = () => `/v1.0/drives/${encodeURIComponent(f.biz.id)}`;

test("a folder's children by item id, root and path, in name order, as driveItems with parentReference", async () => {
    em.addItem({ driveId: f.biz.id, name: "b.txt", parentId: f.biz.folder });
    em.addItem({ driveId: f.biz.id, name: "Archive", parentId: f.biz.folder, folder: true });
    const byId = await graph(f).get(`${drivePath()}/items/${encodeURIComponent(f.biz.folder)}/children`);
    expect(byId.status).toBe(200);
    expect(byId.body["@odata.context"]).toBe(
        `${em.url}/v1.0/$metadata#drives('${f.biz.id}')/items('${f.biz.folder}')/children`,
    );
    expect(byId.body.value.map((i: { name: string }) => i.name)).toEqual(["Archive", "b.txt", "plan.docx"]);
    expect(byId.body.value[0]).toMatchObject({ folder: { childCount: 0 }, parentReference: { id: f.biz.folder } });
    expect(byId.body.value[2]).toMatchObject({ id: f.biz.file, file: {} });
    const byPath = await graph(f).get(`${drivePath()}/root:/Projects:/children`);
    expect(byPath.body.value).toEqual(byId.body.value);
    const root = await graph(f).get(`${drivePath()}/root/children`);
    expect(root.body.value.map((i: { id: string }) => i.id)).toEqual([f.biz.folder]);
});

test("pages by the smaller of $top and listPageSize, the next link keeping $select and $top", async () => {
    for (const n of [1, 2, 3, 4]) em.addItem({ driveId: f.biz.id, name: `f${n}`, parentId: f.biz.folder });
    em.settings.listPageSize = 3;
    const seen: string[][] = [];
    let next: string | undefined =
        `${drivePath()}/items/${encodeURIComponent(f.biz.folder)}/children?$select=id,name&$top=2`;
    while (next) {
        const res = await graph(f).get(next.replace(em.url, ""));
        expect(res.status).toBe(200);
        seen.push(res.body.value.map((i: object) => Object.keys(i).sort().join(",")));
        next = res.body["@odata.nextLink"];
        if (next) expect(next).toMatch(/\?\$select=id,name&\$top=2&\$skiptoken=/);
    }
    expect(seen).toEqual([["id,name", "id,name"], ["id,name", "id,name"], ["id,name"]]);
    const unlimited = await graph(f).get(`${drivePath()}/items/${encodeURIComponent(f.biz.folder)}/children`);
    expect(unlimited.body.value).toHaveLength(3);
    expect(unlimited.body["@odata.nextLink"]).toMatch(/\?\$skiptoken=/);
});

test("a file has no children; a bad $top is a 400; an unknown item is a 404", async () => {
    const file = await graph(f).get(`${drivePath()}/items/${encodeURIComponent(f.biz.file)}/children`);
    expect(file.body.value).toEqual([]);
    const top = await graph(f).get(`${drivePath()}/items/${encodeURIComponent(f.biz.folder)}/children?$top=0`);
    expect(top.status).toBe(400);
    expect((await graph(f).get(`${drivePath()}/items/nope/children`)).status).toBe(404);
    expect((await graph(f).post(`${drivePath()}/items/${encodeURIComponent(f.biz.folder)}/children`, {})).status).toBe(
        405,
    );
});

test("inside $batch, beside a permissions list", async () => {
    const res = await graph(f).post("/v1.0/$batch", {
        requests: [
            { id: "1", method: "GET", url: `/drives/${encodeURIComponent(f.biz.id)}/root/children?$select=id,name` },
            {
                id: "2",
                method: "GET",
                url: `/drives/${encodeURIComponent(f.biz.id)}/items/${f.biz.folder}/permissions`,
            },
        ],
    });
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId["1"]).toMatchObject({ status: 200, body: { value: [{ id: f.biz.folder, name: "Projects" }] } });
    expect(byId["2"]).toMatchObject({ status: 200, body: { value: expect.any(Array) } });
});

test("an app without a files or sites permission is refused with 403 accessDenied", async () => {
    em.addApp({
        tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
        clientId: "c0ffee00-0000-4000-8000-000000000001",
        clientSecret: "s",
        permissions: ["User.Read.All"],
    });
    const token = em.issueToken("72f988bf-86f1-41af-91ab-2d7cd011db47", "c0ffee00-0000-4000-8000-000000000001");
    const res = await fetch(`${em.url}${drivePath()}/root/children`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("accessDenied");
});
