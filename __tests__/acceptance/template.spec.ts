import { formatTraversal, mapExpressions, parseTraversal, scanTemplate, templateParts } from "../../lib/acceptance/template";

/** The references of a template, written back as text. */
function references(text: string): string[] {
  return scanTemplate(text).references.map(formatTraversal);
}

describe("template scanner", () => {
  it("reads $${ and %%{ as escaped literal text, not as an interpolation or a directive", () => {
    expect(scanTemplate('echo "$${RPC_PORT:?}" %%{http_code} $${aws_vpc.x.id}')).toEqual({ expressions: [], spans: [], references: [] });
  });

  it("finds each interpolation and directive with its whole expression", () => {
    expect(scanTemplate("a ${var.x} b %{ if var.on }c%{ endif }").expressions).toEqual(["var.x", " if var.on ", " endif "]);
  });

  it("follows nested braces to the brace that closes the interpolation", () => {
    const scan = scanTemplate("${jsonencode({a = {b = aws_vpc.main.id}})} after");
    expect(scan.expressions).toEqual(["jsonencode({a = {b = aws_vpc.main.id}})"]);
    expect(scan.references.map(formatTraversal)).toEqual(["aws_vpc.main.id"]);
  });

  it("does not end an interpolation at a brace inside a quoted string", () => {
    const scan = scanTemplate('${format("%s}", local.suffix)}');
    expect(scan.expressions).toEqual(['format("%s}", local.suffix)']);
    expect(scan.references.map(formatTraversal)).toEqual(["local.suffix"]);
  });

  it("finds references in templates nested in quoted strings, and honours escapes there", () => {
    expect(references('${"name-${var.env}-\\"${local.x}\\"-$${literal.ref}"}')).toEqual(["var.env", "local.x"]);
  });

  it("reads names with dashes, indexes, splats and keys as steps of one reference", () => {
    expect(references('${data.terraform_remote_state.cross-stack-in.outputs["k-1"]} ${aws_subnet.a[count.index].id} ${aws_subnet.b.*.id}')).toEqual([
      'data.terraform_remote_state.cross-stack-in.outputs["k-1"]',
      "count.index",
      "aws_subnet.a[count.index].id",
      "aws_subnet.b[*].id",
    ]);
  });

  it("takes neither function names, attributes of call results nor for-expression variables for references", () => {
    expect(references("${[for s in tolist(aws_eks_cluster.c.certificate_authority)[0].items : s.data]}")).toEqual(["aws_eks_cluster.c.certificate_authority"]);
  });

  it("reports an unterminated interpolation instead of guessing", () => {
    expect(scanTemplate("x ${var.a").error).toMatch(/unterminated interpolation/);
  });
});

describe("static references", () => {
  it("reads a path with indexes and string keys as one traversal", () => {
    expect(parseTraversal('metadata[0].annotations["x/y"]')).toEqual({ root: "metadata", steps: [{ index: "0" }, { attr: "annotations" }, { index: '"x/y"' }] });
  });

  it("refuses anything that is not a bare reference: templates, calls, trailing text", () => {
    for (const text of ["${aws_vpc.x}", "tolist(aws_vpc.x)", "aws_vpc.x + 1", ""]) expect(parseTraversal(text)).toBeUndefined();
  });
});

describe("template parts", () => {
  it("split a template into literal text, with escapes undone, and expressions", () => {
    expect(templateParts('a $${b} ${c.d} %%{e} %{ if f }g%{ endif }$$${h}')).toEqual([
      { kind: "literal", text: "a ${b} " },
      { kind: "interpolation", expression: "c.d" },
      { kind: "literal", text: " %{e} " },
      { kind: "directive", expression: " if f " },
      { kind: "literal", text: "g" },
      { kind: "directive", expression: " endif " },
      { kind: "literal", text: "$${h}" },
    ]);
  });

  it("rename the expressions and keep literal text byte for byte, escapes included", () => {
    expect(mapExpressions('$${x} ${aws_vpc.v.id} "${f("}")}"', (e) => e.toUpperCase())).toBe('$${x} ${AWS_VPC.V.ID} "${F("}")}"');
  });

  it("leave a malformed template as it is, for Terraform to refuse", () => {
    expect(mapExpressions("${unterminated", (e) => e.toUpperCase())).toBe("${unterminated");
  });
});
