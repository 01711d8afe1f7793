import { Type } from 'typebox';
import { MAX_PAGE_COUNT } from '../../../domain/pagination.ts';
import { Nullable, Uuid } from './primitives.ts';

/** The page a get-all operation of any surface returns: how many items, and where the previous page ended. */
export const Limitation = Type.Object(
  {
    Count: Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_COUNT,
      description: `Count of items to be returned, minimum 1, maximum ${MAX_PAGE_COUNT}.`,
    }),
    Cursor: Type.Optional(
      Nullable({
        ...Uuid,
        description:
          'Unique identifier of the item one newer in time order than the items to be returned. Null: the most recent items are returned.',
      }),
    ),
  },
  { description: 'Items come newest first; pass the previous response\'s Cursor to get the next older page.' },
);
