import { brandActivityCsv, listBrandActivity } from '@/lib/brands/list-brand-activity';
import { brandCsvDownload } from '../csv-download';

// The brand's activity as CSV, with the list's filters, every page (brandCsvDownload says who gets it).
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }): Promise<Response> {
  return brandCsvDownload(request, params, 'activity', async ({ actor, brandId, search }) => {
    const { rows } = await listBrandActivity({ actor, brandId, kind: search.get('kind') ?? '', mailbox: search.get('mailbox') ?? '', page: 'all' });
    return brandActivityCsv(rows);
  });
}
