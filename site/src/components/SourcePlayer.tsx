import { useEffect, useRef, useState } from "react";
import { type Player, playerFor } from "../lib/source-player";

const external =
  "inline-flex items-center gap-1 font-medium text-accent-700 underline hover:text-accent-900 dark:text-accent-300";

/**
 * The stream's source where a browser can play it. Players load only when asked (a click), so
 * the page stays light: a YouTube embed, HLS through hls.js (native in Safari), or a video URL.
 */
export function SourcePlayer({ kind, source, title }: { kind: string; source: string; title: string }) {
  const player = playerFor(kind, source);
  const [playing, setPlaying] = useState(false);
  if (player.kind === "none") {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        No live view: {player.reason}. The snapshot above is the latest frame analysed.
      </p>
    );
  }
  if (player.kind === "link") {
    return (
      <a href={player.url} target="_blank" rel="noopener noreferrer" className={external}>
        Open the source <span aria-hidden="true">↗</span>
      </a>
    );
  }
  if (!playing) {
    return (
      <button
        type="button"
        onClick={() => setPlaying(true)}
        className="flex aspect-video w-full items-center justify-center gap-2 rounded-lg bg-slate-900 font-semibold text-white hover:bg-slate-800"
      >
        <span aria-hidden="true">▶</span> Play the source
      </button>
    );
  }
  return <ActivePlayer player={player} title={title} />;
}

function ActivePlayer({
  player,
  title,
}: {
  player: Exclude<Player, { kind: "none" | "link" }>;
  title: string;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const element = video.current;
    if (!element || player.kind !== "hls") return;
    if (element.canPlayType("application/vnd.apple.mpegurl")) {
      element.src = player.url;
      return;
    }
    let destroy = () => {};
    import("hls.js")
      .then(({ default: Hls }) => {
        if (!Hls.isSupported()) return setError("this browser cannot play HLS");
        const hls = new Hls();
        hls.loadSource(player.url);
        hls.attachMedia(element);
        hls.on(Hls.Events.ERROR, (_event, data) => {
          if (data.fatal) setError(`the stream could not be played (${data.details})`);
        });
        destroy = () => hls.destroy();
      })
      .catch(() => setError("the HLS player did not load"));
    return () => destroy();
  }, [player]);

  if (player.kind === "youtube") {
    return (
      <iframe
        className="aspect-video w-full rounded-lg"
        src={`https://www.youtube-nocookie.com/embed/${player.videoId}?autoplay=1`}
        title={`${title} on YouTube`}
        allow="autoplay; encrypted-media; picture-in-picture"
        allowFullScreen
      />
    );
  }
  return (
    <div>
      <video
        ref={video}
        className="aspect-video w-full rounded-lg bg-black"
        controls
        autoPlay
        muted
        playsInline
        {...(player.kind === "video" ? { src: player.url } : {})}
      >
        <track kind="captions" />
      </video>
      {error && <p className="mt-2 text-sm text-red-700 dark:text-red-300">{error}</p>}
    </div>
  );
}
