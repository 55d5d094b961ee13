// A small hash router: routes are "#/path/segments?query". Hash routing works from any static host and from
// `vite preview` without server rewrites.
import { useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from "react";

export interface Location {
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

function current(): Location {
  const raw = window.location.hash.replace(/^#/, "") || "/";
  const [path = "/", search = ""] = raw.split("?");
  return { path, segments: path.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const onChange = (): void => setLocation(current());
    window.addEventListener("hashchange", onChange);
    return () => window.removeEventListener("hashchange", onChange);
  }, []);
  return location;
}

export function navigate(to: string): void {
  window.location.hash = to.startsWith("#") ? to : `#${to}`;
}

export function href(to: string): string {
  return `#${to}`;
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return (
    <a href={href(to)} {...rest}>
      {children}
    </a>
  );
}
