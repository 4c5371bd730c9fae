// Sets the browser tab's title to "<page> · bi-tool" while a page is shown.
import { useEffect } from 'react';

export function useDocumentTitle(page: string | null | undefined) {
  useEffect(() => {
    document.title = page ? `${page} · bi-tool` : 'bi-tool';
  }, [page]);
}
