"""Agreement metrics: pure functions over plain values, one module per family.

`reliability` (percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha, mean absolute
difference), `matching` (optimal one-to-one assignment and matched F1), `geometry` (IoU of boxes,
polygons and ellipses in pixel space, OKS-style keypoint similarity), `spans` (exact and overlap span
F1) and `text` (normalised edit-distance similarity). Nothing here knows about configs or payloads:
`labelconfig.quality` turns results into these plain values through the payload model.
"""
