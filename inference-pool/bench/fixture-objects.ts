/**
 * What the four fixture photos contain, as the fixtures' SOURCES.md lists it: every object it
 * names as present, with its box in the photo's pixels (x1, y1, x2, y2). The boxes are the ones
 * SOURCES.md gives for YOLOX-Nano at score ≥ 0.3; the four horses, which it counts but does
 * not box, use YOLOX-Nano's boxes at 0.3 on that photo. `classes` holds more than one name only
 * where SOURCES.md does ("pickup truck/car"). The cat on the dog and the cow on a horse, which
 * SOURCES.md reports as duplicates, are not objects: a detector that reports them is wrong.
 */
export interface FixtureObject {
  /** Class names (COCO) that count as finding this object. */
  classes: readonly string[];
  box: readonly [number, number, number, number];
}

export interface FixturePhoto {
  file: string;
  objects: readonly FixtureObject[];
}

const obj = (classes: string | string[], box: [number, number, number, number]): FixtureObject => ({
  classes: typeof classes === "string" ? [classes] : classes,
  box,
});

export const FIXTURE_PHOTOS: readonly FixturePhoto[] = [
  {
    file: "images/bus.jpg",
    objects: [
      obj("bus", [9, 230, 806, 734]),
      obj("person", [49, 393, 214, 900]),
      obj("person", [218, 403, 350, 855]),
      obj("person", [682, 446, 810, 877]),
      // The person cut off at the left edge.
      obj("person", [1, 595, 81, 885]),
    ],
  },
  {
    file: "images/dog.jpg",
    objects: [
      obj("dog", [133, 207, 325, 542]),
      obj(["car", "truck"], [467, 78, 692, 172]),
      obj("bicycle", [46, 132, 572, 431]),
    ],
  },
  {
    file: "images/person.jpg",
    objects: [
      obj("person", [188, 97, 277, 372]),
      obj("dog", [62, 263, 200, 349]),
      obj("horse", [404, 138, 602, 342]),
    ],
  },
  {
    file: "images/horses.jpg",
    objects: [
      obj("horse", [0, 183, 365, 411]),
      obj("horse", [246, 168, 438, 363]),
      obj("horse", [438, 210, 596, 345]),
      obj("horse", [0, 185, 152, 267]),
    ],
  },
];
