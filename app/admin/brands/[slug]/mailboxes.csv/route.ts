import { brandMailboxesCsv, listBrandMailboxes } from '@/lib/brands/list-brand-mailboxes';
import { brandCsvDownload } from '../csv-download';

// The brand's mailboxes as CSV, with the list's search and filter, every page (brandCsvDownload says who gets it).
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return brandCsvDownload(request, params, 'mailboxes', async ({ actor, brandId, search }) => {
    const { mailboxes } = await listBrandMailboxes({ actor, brandId, query: search.get('q') ?? '', state: search.get('state') || 'all', page: 'all' });
    return brandMailboxesCsv(mailboxes);
  });
}
