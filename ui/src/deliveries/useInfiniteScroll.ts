// Infinite scroll: the element the returned ref is put on asks for more when it comes into view.
import { useEffect, useRef } from "react";

export function useInfiniteScroll<T extends Element>(loadMore: () => void) {
  const sentinel = useRef<T>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [loadMore]);
  return sentinel;
}
