import { setUpInstalledProject } from "./project";

export default setUpInstalledProject;
