// Text of the dataset pages (list, upload, dataset page).
export const datasets = {
  title: 'Datasets',
};
