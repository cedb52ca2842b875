/**
 * A stack's Terraform JSON in one resolution pass instead of cdktf's three.
 *
 * cdktf resolves every attribute of a stack three times: `prepareStack`
 * resolves each element to register cross-stack references and discards the
 * result, `toTerraform` resolves each element again, merges the fragments and
 * resolves the merged document once more. On a coin stack that was two thirds
 * of its synth. Here the preparing pass is the render: each element is
 * resolved once, while preparing, and its fragment kept; `toTerraform`
 * resolves only the elements added since (cross-stack outputs and remote
 * states, which cdktf does not prepare either) and merges.
 *
 * The result equals cdktf's own `toTerraform()` (asserted for every shipped
 * stack by __tests__/core/stack-render.spec.ts). `render()` returns undefined,
 * and the caller falls back to cdktf's render, whenever keeping fragments
 * could differ from it:
 *  - the stack has stack-level overrides, which cdktf resolves merged;
 *  - the rendered elements are no longer the first of the stack's elements;
 *  - an aspect that is not known to be read-only is attached in or above the
 *    stack (aspects run after preparation and could change a rendered element).
 * `COINSTACKS_STOCK_RENDER=1` always falls back. One difference is not
 * detectable: a lazy value is produced once, while preparing, where cdktf
 * produces it again to render; a producer whose answer changes between the
 * two would need COINSTACKS_STOCK_RENDER=1 (the project has no lazy values).
 */
import { Aspects, DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, type IAspect } from "cdktf";
// Part of cdktf (pinned exactly in package.json) that its index does not export: the merge its own render uses.
import { deepMerge } from "cdktf/lib/util";
import type { IConstruct } from "constructs";
import { resolvePlain } from "./plain-resolve";

/** Environment variable that makes every stack render through cdktf's own `toTerraform`. */
export const STOCK_RENDER_VARIABLE = "COINSTACKS_STOCK_RENDER";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

type Json = { [key: string]: any };

interface RenderedElement {
  readonly element: TerraformElement;
  readonly metadata: Json;
  readonly fragment: Json;
}

/** The fields of TerraformStack that its render reads and its type keeps private. */
interface StackInternals {
  readonly rawOverrides: Json;
  readonly cdktfVersion: string | undefined;
}

export class StackRender {
  private rendered: RenderedElement[] = [];
  /** The merged document of the rendered elements, for the next render when none was added. */
  private document?: Json;

  /**
   * @param readOnlyAspects aspects known not to change elements (the policy aspect)
   * @param env where STOCK_RENDER_VARIABLE is read @default process.env
   */
  constructor(
    private readonly stack: TerraformStack,
    private readonly readOnlyAspects: (aspect: IAspect) => boolean,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Whether cdktf's own preparation and render are used. */
  get stock(): boolean {
    return this.env[STOCK_RENDER_VARIABLE] === "1";
  }

  /** cdktf's preparing pass (it registers cross-stack references), keeping what it resolves. */
  prepare(): void {
    this.rendered = terraformElements(this.stack).map((element) => this.renderElement(element, true));
    this.document = undefined;
  }

  /** The stack's JSON, or undefined when only cdktf's own render is exact (see the module comment). */
  render(): Json | undefined {
    if (this.stock || Object.keys(this.internals.rawOverrides).length > 0 || this.hasUnknownAspect()) return undefined;
    const elements = terraformElements(this.stack);
    if (this.rendered.some((rendered, i) => elements[i] !== rendered.element)) return undefined;
    if (this.document && elements.length === this.rendered.length) return this.document;
    for (const element of elements.slice(this.rendered.length)) this.rendered.push(this.renderElement(element, false));
    this.document = this.merge();
    return this.document;
  }

  /** cdktf's assembly of the stack document from its elements' metadata and fragments. */
  private merge(): Json {
    const metadata: Json = { version: this.internals.cdktfVersion, stackName: this.stack.node.id, backend: "local", cloud: undefined };
    const outputs: Json = {};
    for (const { element, metadata: elementMetadata } of this.rendered) {
      deepMerge(metadata, elementMetadata);
      if (TerraformOutput.isTerraformOutput(element)) deepMerge(outputs, outputPath(element));
    }
    const tf: Json = { "//": { metadata, outputs } };
    for (const { fragment } of this.rendered) deepMerge(tf, fragment);
    // cdktf resolves the merged document, which drops undefined values; every fragment is resolved already.
    tf["//"] = this.resolve(tf["//"], false);
    return tf;
  }

  private renderElement(element: TerraformElement, preparing: boolean): RenderedElement {
    return { element, metadata: this.resolve(element.toMetadata(), false), fragment: this.resolve(element.toTerraform(), preparing) };
  }

  private resolve(value: unknown, preparing: boolean): Json {
    return resolvePlain(value, { scope: this.stack, preparing, resolver: RESOLVER });
  }

  private get internals(): StackInternals {
    return this.stack as unknown as StackInternals;
  }

  private hasUnknownAspect(): boolean {
    const attached = (construct: IConstruct) => Aspects.of(construct).all.some((aspect) => !this.readOnlyAspects(aspect));
    for (let scope = this.stack.node.scope; scope; scope = scope.node.scope) if (attached(scope)) return true;
    return this.stack.node.findAll().some(attached);
  }
}

/** The stack's elements in cdktf's order (depth first, not entering nested stacks). */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) terraformElements(child, into);
  return into;
}

/** `{ a: { b: { output: id } } }` for an output at path a/b/output, as cdktf lists outputs in the stack metadata. */
function outputPath(output: TerraformOutput): Json {
  return output.node.path.split("/").reduceRight<Json>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: output.friendlyUniqueId } : { [part]: inner }), {});
}
