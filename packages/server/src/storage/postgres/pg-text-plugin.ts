/**
 * A Kysely plugin for the PostgreSQL backend: every string parameter of every query passes through
 * pgText (NUL dropped, unpaired surrogates → U+FFFD), so a policy description, prompt, dataset or
 * experiment text holding them is stored instead of failing the request with a database error.
 * Strings without such characters are passed on as they are (one regex test each).
 */
import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';
import { pgText } from '../sql/storable-text.js';

class StorableTextTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    return typeof node.value === 'string' ? { ...node, value: pgText(node.value) } : node;
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map((v) => (typeof v === 'string' ? pgText(v) : v)) };
  }
}

/** The plugin; add it to the PostgreSQL Kysely instance. */
export class StorableTextPlugin implements KyselyPlugin {
  readonly #transformer = new StorableTextTransformer();

  /** Rewrites string parameters of the query. */
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }

  /** Results pass through unchanged. */
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
